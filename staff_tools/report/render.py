"""Render the page from the collected results with the Jinja2 template (every value escaped)."""

from pathlib import Path

import jinja2

from staff_tools.report import layout, plots, staff
from staff_tools.report.collect import Page, collect


def _percent(value, digits: int = 1) -> str:
    return "n/a" if not isinstance(value, (int, float)) else f"{100 * value:.{digits}f}%"


def _number(value, digits: int = 3) -> str:
    return "n/a" if not isinstance(value, (int, float)) else f"{value:.{digits}f}"


def environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,  # every value from the data is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = _percent
    env.filters["number"] = _number
    return env


def add_charts(page: Page) -> None:
    for section in (page.holdout, page.cv):
        if section is not None and section.available:
            section.chart = plots.topic_scores_chart(section.scores, f"{section.title}: per-topic scores")


def render_page(page: Page, template: Path = layout.TEMPLATE) -> str:
    add_charts(page)
    return environment(template.parent).get_template(template.name).render(page=page)


def write_report(report_dir: Path, stories_file: Path = None, tracker_db: str = None) -> Path:
    """`tracker_db`: the stored conversations for the staff section (default: the one `make run` uses)."""
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    page = collect(report_dir, stories_file)
    page.staff = staff.build(page, layout.results_dir(report_dir), db=tracker_db)
    html = render_page(page)
    out = report_dir / "index.html"
    out.write_text(html, encoding="utf-8")
    return out
