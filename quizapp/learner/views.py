from flask import abort, render_template
from flask_login import current_user, login_required

from quizapp.learner import bp
from quizapp.services import catalogue as catalogue_service
from quizapp.services import progress as progress_service


@bp.get("/")
@login_required
def home():
    """Choose a unit to practise."""
    return render_template("learner/home.html", catalogue=catalogue_service.catalogue())


@bp.get("/practice/<unit_id>")
@login_required
def chat(unit_id: str):
    """The chat page; the conversation itself runs through the JSON API."""
    unit = catalogue_service.get_unit(unit_id)
    if unit is None:
        abort(404)
    return render_template("learner/chat.html", unit=unit)


@bp.get("/progress")
@bp.get("/progress/<unit_id>")
@login_required
def progress(unit_id: str | None = None):
    """My progress: the criteria with their status, grouped by unit."""
    rows = progress_service.progress_report(current_user.id, unit_id)
    units: dict[str, list[dict]] = {}
    for row in rows:
        units.setdefault(row["unit"], []).append(row)
    titles = {uid: catalogue_service.get_unit(uid) for uid in units}
    return render_template("learner/progress.html", units=units, titles=titles, unit_id=unit_id)
