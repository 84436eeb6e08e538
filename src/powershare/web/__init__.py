"""The local web app: design and audit a council in the browser, privately.

``powershare serve`` starts it on 127.0.0.1.  Every script, style and font is bundled here; the
app makes no external request.  The app holds no analysis: it parses requests, calls the library
and renders JSON.

>>> from powershare.web import create_app
>>> app = create_app("/tmp/powershare-doctest")  # doctest: +SKIP
"""

from powershare.web.app import create_app
from powershare.web.service import Settings
from powershare.web.store import ScenarioStore, data_dir

__all__ = ["ScenarioStore", "Settings", "create_app", "data_dir"]
