"""Stage the case's own name: the optional `case.yaml` of the raw folder (`name:`, `description:`,
`url:`, the address where the report is published, which makes the Atom feed's links absolute).

The name heads the report page and titles the data package, so two negotiations built side by
side are told apart. It is kept in `build_info` (`case_name`, `case_description`), which lets
`stancemap report` re-render from the database alone. Unknown fields are ignored with a warning,
as in the codebook.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Collector, InputError
from pipeline.staging.textio import read_text
from pipeline.staging.yamlio import LineDict, YamlProblem, load_yaml, warn_unknown

FILE = "case.yaml"
FIELDS = ("name", "description", "url")
MAPPING = "must be a mapping with 'name:' (and optional 'description:', 'url:')"


def stage_case(raw: Path, problems: Collector) -> dict[str, str]:
    """{"case_name": ..., "case_description": ...} (the latter only when given); {} without a
    `case.yaml`; problems (with file, line and field) go to `problems`."""
    path = raw / FILE
    if not path.is_file():
        return {}
    shown = str(path)
    try:
        data = load_yaml(read_text(path, shown), shown)
    except YamlProblem as exc:
        problems.problems.append(exc.problem)
        return {}
    except InputError as exc:
        problems.extend(exc.problems)
        return {}
    if not isinstance(data, LineDict):
        problems.add(
            shown, "must be a mapping with 'name:' (and optional 'description:', 'url:')", 1
        )
        return {}
    warn_unknown(data, FIELDS, shown)
    out = {}
    for field, required in (("name", True), ("description", False)):
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                problems.add(shown, "is required but missing or empty", data.line_of(field), field)
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problems.add(shown, f"must be text, got {value!r}", data.line_of(field), field)
            continue
        out[f"case_{field}"] = " ".join(str(value).split())
    url = data.get("url")
    if url is not None:
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            problems.add(
                shown,
                f"must be the http(s) address where the report is published, got {url!r}",
                data.line_of("url"),
                "url",
            )
        elif any(c.isspace() for c in url.strip()):
            problems.add(shown, "must be one address without spaces", data.line_of("url"), "url")
        else:
            out["case_url"] = url.strip()
    return out
