"""What one ingest did."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class IngestStats:
    articles: int = 0  # new articles stored
    skipped: int = 0  # already stored (same canonical URL or normalised text)
    events: int = 0  # event mentions stored
    new_events: int = 0  # events (happenings) created
    merged: int = 0  # mentions that joined an existing event
    failures: int = 0  # inputs that could not be read or coded
    seconds: float = 0.0
    run_id: str | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    def add(self, other: "IngestStats") -> None:
        for k in ("articles", "skipped", "events", "new_events", "merged", "failures"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.failed.extend(other.failed)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["failed"] = [list(x) for x in self.failed]
        return d
