"""申报日历: a page of windows by month, ``.ics`` files, and 加入日历 on program pages.

``view`` renders the ``{program-calendar}`` directive at write time and adds the 加入日历
link; ``year`` the ``{program-year}`` timeline (年度申报一览); ``files`` writes the ``.ics``
files after the build; ``ics`` turns events into iCalendar with the icalendar library.
"""

from __future__ import annotations


def _finish_page(app, doctree, docname: str) -> None:
    """``doctree-resolved``, after the placeholders: calendars and the 加入日历 link."""
    from ..search.meta import program_of
    from ..state import state
    from .view import add_ics_link, resolve_calendars
    from .year import resolve_years

    resolve_calendars(app, doctree, docname)
    resolve_years(app, doctree, docname)
    program = program_of(app.env, docname)
    if program is not None and program["docname"] == docname:
        program = app.env.domains["policybook"].programs.get(program["id"], program)  # with a notice's window
        add_ics_link(app, doctree, docname, program, state(app).today)


def setup(app) -> dict:
    from .files import write_calendars
    from .view import ProgramCalendarDirective, program_calendar
    from .year import ProgramYearDirective, program_year

    app.add_node(program_calendar)
    app.add_directive("program-calendar", ProgramCalendarDirective)
    app.add_node(program_year)
    app.add_directive("program-year", ProgramYearDirective)
    app.connect("doctree-resolved", _finish_page, priority=540)
    app.connect("build-finished", write_calendars)
    app.add_css_file("pb-calendar.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
