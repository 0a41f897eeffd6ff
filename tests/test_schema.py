"""One schema declaration: the committed editor JSON Schemas match it and accept real files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from policybook import editor as export
from policybook.model.loading import load_program, split_front_matter

REPO = Path(__file__).parent.parent
PROGRAMS = sorted(REPO.glob("source/programs/*.yaml")) + sorted(
    (REPO / "tests/roots/test-basic/source/programs").glob("*.yaml"))
POLICIES = sorted(p for p in REPO.glob("source/policies/*.md") if p.name != "index.md")


class EditorLoader(yaml.SafeLoader):
    """Reads YAML the way yaml-language-server does: YAML 1.2 core, dates stay strings."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("kind", ["program", "policy", "notice", "publicity", "interpretation"])
def test_committed_schema_is_current(kind):
    committed = (export.SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8")
    assert committed == export.render(kind), "run: .venv/bin/python -m policybook.editor"


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_editor_schema_accepts_valid_programs(path):
    assert not load_program(path.read_bytes(), path.name).problems
    schema = json.loads(export.render("program"))
    jsonschema.validate(yaml.load(path.read_text("utf-8"), EditorLoader), schema)


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.stem)
def test_editor_schema_accepts_valid_policies(path):
    block, _offset = split_front_matter(path.read_text("utf-8"))
    schema = json.loads(export.render("policy"))
    jsonschema.validate(yaml.load(block, EditorLoader), schema)


INTERPRETATIONS = sorted(p for p in (REPO / "source/interpretations").glob("*.md") if p.name != "index.md")


def test_editor_schema_accepts_the_sample_interpretations_and_names_the_policy():
    schema = json.loads(export.render("interpretation"))
    assert schema["title"] == "Policybook 政策解读 (front matter)"
    assert "policy" in schema["required"] and "kind" in schema["required"]
    assert len(INTERPRETATIONS) >= 5
    for path in INTERPRETATIONS:
        block, _offset = split_front_matter(path.read_text("utf-8"))
        jsonschema.validate(yaml.load(block, EditorLoader), schema)
    wrong = {**yaml.load(split_front_matter(INTERPRETATIONS[0].read_text("utf-8"))[0], EditorLoader), "kind": "video"}
    assert any("'video' is not one of" in e.message
               for e in jsonschema.Draft202012Validator(schema).iter_errors(wrong))


def test_editor_schema_flags_what_the_loader_flags():
    schema = json.loads(export.render("program"))
    program = yaml.load((REPO / "tests/roots/test-basic/source/programs/ip-pledge.yaml").read_text("utf-8"),
                        EditorLoader)
    program["level"] = "town"
    program["summry"] = "typo"
    errors = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(program))
    assert any("'town' is not one of" in e for e in errors)
    assert any("'summry' was unexpected" in e for e in errors)
