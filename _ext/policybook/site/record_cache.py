"""Program records of the last publishing build, kept beside the doctrees (issue 22).

Making ``data/programs.json`` turns every program into its public record
(:func:`.export.program_record`); after a one-file edit all but one come out the same. A record
is kept under a key that hashes everything it is made from: the program's own data, the build
date, its page's URL, the titles of the programs its text names, and for every policy it cites
(in text, basis, rules or funding items) the policy's title, page, whether it is broken and its
clauses. The same key therefore always gives the same record, so a kept record is exactly what
a fresh build would make. Each record is kept as its JSON text, which :mod:`.export_writer`
splices into the files unchanged. Only the keys this build used are kept, as for the ``.ics``
blocks (:mod:`..calendar.ics_cache`); the file lives in the doctrees folder, never in the sources.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from pathlib import Path

from ..model.refs import parse_clause_ref
from .export import _EXPLICIT, UrlFor, program_record
from .kept_texts import KeptTexts

CACHE_FILE = "policybook-record-cache.json"
READS_FILE = "policybook-record-reads.txt"
VERSION = 2


def record_text(record: dict) -> str:
    """A record as the export writes it (sorted keys, compact, UTF-8)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: A role as :data:`.export._ROLE` reads it, in the program's JSON text. An inner text with a
#: quote is left out: a quote is never in an id, so such a role names nothing to look up (its
#: explicit text, or no known entry), and stopping at quotes keeps a match inside one string.
_ROLE_IN_JSON = re.compile(r"\{(program|policy)\}`([^`\"]+)`")


def references(program: dict, text: str | None = None) -> tuple[set[str], set[str]]:
    """(program ids, policy ids) a program's record may read: roles anywhere in its text, and
    every clause reference (a superset is harmless: it only makes the key stricter)."""
    text = _json(program) if text is None else text
    programs, policies = set(), set()
    for kind, inner in _ROLE_IN_JSON.findall(text):
        explicit = _EXPLICIT.match(inner)
        target = explicit.group(2) if explicit else inner
        if kind == "program":
            programs.add(target)
        else:
            ref = parse_clause_ref(target)
            if ref is not None:
                policies.add(ref.policy)
    refs = list(program.get("basis", [])) + [rule.get("clause") for rule in
                                             program.get("eligibility", {}).get("rules", [])]
    refs += [item.get("clause") for item in program.get("funding", {}).get("items", [])]
    policies.update(ref["policy"] for ref in refs if isinstance(ref, dict) and "policy" in ref)
    return programs, policies


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)


def _digest(value) -> str:
    text = value if isinstance(value, str) else _json(value)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class PolicyDigests(dict):
    """Policy id → digest of what a program record reads of it (made on first use)."""

    def __init__(self, policies: dict, clauses: dict, url_for: UrlFor) -> None:
        super().__init__()
        self.policies, self.clauses, self.url_for = policies, clauses, url_for

    def __missing__(self, key: str) -> str:
        policy = self.policies.get(key)
        if policy is None:
            value = None
        else:
            docname = policy.get("docname")
            value = [bool(policy), policy.get("title"), bool(policy.get("broken")), docname,
                     self.url_for(docname, None) if docname else None, self.clauses.get(key)]
        self[key] = digest = _digest(value)
        return digest


def _reads(program: dict) -> str:
    """[digest of the program's data, ids of the programs, ids of the policies its record reads]."""
    text = _json(program)
    names, cited = references(program, text)
    return json.dumps([_digest(text), sorted(names), sorted(cited)], ensure_ascii=False)


class ProgramReads(KeptTexts):
    """:func:`_reads` of each program, kept by a digest of the program's pickle: equal pickles are
    equal data, so a kept entry is what :func:`_reads` would give (JSON-encoding every program
    with sorted keys was most of the keys' cost; pickling is about twice as fast)."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(folder, READS_FILE, "reads", VERSION)

    def of(self, program: dict) -> list:
        try:
            data = pickle.dumps(program, 5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return json.loads(_reads(program))
        return json.loads(self.text(hashlib.blake2b(data, digest_size=16).hexdigest(), lambda: _reads(program)))


def program_key(program: dict, valid: dict, digests: PolicyDigests, url_for: UrlFor, today,
                reads: ProgramReads | None = None) -> str:
    digest, names, cited = reads.of(program) if reads is not None else json.loads(_reads(program))
    return _digest(_json([VERSION, today.isoformat(), url_for(program["docname"], None),
                          [(pid, valid.get(pid, {}).get("title")) for pid in names],
                          [(pid, digests[pid]) for pid in cited], digest]))


class RecordCache(KeptTexts):
    """Key → record text, read once from the doctrees folder; remembers the keys used."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(folder, CACHE_FILE, "records", VERSION)

    def record(self, key: str, make) -> str:
        """The kept record text of ``key``, else ``make()``'s record as text."""
        return self.text(key, lambda: record_text(make()))


def program_texts(programs: dict, policies: dict, clauses: dict, url_for: UrlFor, today,
                  cache: RecordCache, reads: ProgramReads | None = None) -> tuple[list[str], list[str]]:
    """(keys, JSON texts) of every valid program's record, in id order (as programs_document
    lists them); the keys tell the feeds' snapshots which records are the same as last time."""
    valid = {key: p for key, p in programs.items() if not p.get("broken")}
    digests = PolicyDigests(policies, clauses, url_for)
    keys, texts = [], []
    for program in sorted(valid.values(), key=lambda p: p["id"]):
        key = program_key(program, valid, digests, url_for, today, reads)
        keys.append(key)
        texts.append(cache.record(key, lambda p=program: program_record(p, valid, policies, clauses, url_for, today)))
    return keys, texts
