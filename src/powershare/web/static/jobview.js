// A background job (design, settlement) followed in a box: progress bar, status, Cancel, result.
import { api, h, clear, fmtNum } from "./util.js";

/**
 * Poll /api/jobs/{id} until the job ends; `render(result, box)` draws a finished job's result.
 * Sets box.dataset.status to the job's status (queued, running, done, failed, cancelled).
 * Returns a function that stops polling.
 */
export function followJob(job, box, render, showError) {
  clear(box);
  const bar = h("progress", { max: "1" });
  const status = h("p", { class: "small job-status" }, "starting…");
  const cancel = h("button", { type: "button", class: "danger job-cancel" }, "Cancel");
  const result = h("div", { class: "job-result" });
  box.append(bar, status, cancel, result);
  let stopped = false;
  cancel.addEventListener("click", async () => {
    cancel.disabled = true;
    try {
      await api("DELETE", `/api/jobs/${job.id}`);
    } catch (err) {
      showError(err);
    }
  });
  const poll = async () => {
    if (stopped) return;
    let j;
    try {
      j = await api("GET", `/api/jobs/${job.id}`);
    } catch (err) {
      showError(err);
      return;
    }
    if (j.fraction !== null) bar.value = j.fraction;
    else bar.removeAttribute("value");
    status.textContent = `${j.status}: ${j.message || ""} (${fmtNum(j.elapsed_seconds, 1)} s)`;
    box.dataset.status = j.status;
    if (j.status === "done") {
      bar.value = 1;
      cancel.remove();
      render(j.result, result);
    } else if (j.status === "failed") {
      cancel.remove();
      result.append(h("p", { class: "neg job-error" }, j.error ? j.error.message : "failed"));
    } else if (j.status === "cancelled") {
      cancel.remove();
    } else {
      setTimeout(poll, 300);
    }
  };
  poll();
  return () => { stopped = true; };
}
