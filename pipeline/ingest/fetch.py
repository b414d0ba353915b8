"""Fetch a URL with the standard library: a timeout, a size limit, messages people can act on."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from pipeline.ingest.article import SourceError
from pipeline.ingest.pages import MAX_BYTES, check_size

TIMEOUT = 20.0  # seconds for the connection and for each read
USER_AGENT = "stancemap-import/0.1 (+https://github.com/; news research)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # media type only, lowercase ("" when the server sent none)
    charset: str | None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_BYTES) -> Fetched:
    """The body of `url`; SourceError when unreachable, an HTTP error, or larger than `limit`."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit():
                check_size(int(length), limit)
            data = response.read(limit + 1)
            check_size(len(data), limit)
            return Fetched(
                response.geturl(),
                data,
                headers.get_content_type().lower() if headers.get("Content-Type") else "",
                headers.get_content_charset(),
            )
    except urllib.error.HTTPError as exc:
        raise SourceError(f"unreachable (HTTP {exc.code} {exc.reason})") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, OSError) and reason.strerror:
            reason = reason.strerror
        raise SourceError(f"unreachable ({reason})") from None
    except TimeoutError:
        raise SourceError(f"unreachable (no answer within {timeout:g} s)") from None
    except OSError as exc:
        raise SourceError(f"unreachable ({exc.strerror or exc})") from None
