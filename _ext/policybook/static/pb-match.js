/* Policybook eligibility matching in the browser: matching.py, line for line.
 *
 * Each rule comes out "met", "unmet", "unknown" (the reader has not answered that question)
 * or "manual" (a person must judge it). A program is "ineligible" if any rule is unmet,
 * "needs-info" if any is unknown, otherwise "eligible"; manual conditions are listed as still
 * to be confirmed, never counted as met. "any" holds conditions of which one suffices.
 * estimate() turns a funding formula into 元 and withApplicants() adds the program's 申报对象
 * when no rule asks who applies, as in matching.py.
 *
 * Comparisons follow Python's: True == 1, lists compare element by element, and comparing
 * values of unrelated types throws (as Python raises TypeError). tests/browser/test_selfcheck.py
 * runs tests/fixtures/matching-vectors.json (shared with tests/test_matching.py) through this.
 * Pure: no DOM, no network, no storage.
 */
(function (root) {
  "use strict";

  var MET = "met", UNMET = "unmet", UNKNOWN = "unknown", MANUAL = "manual";
  var ELIGIBLE = "eligible", NEEDS_INFO = "needs-info", INELIGIBLE = "ineligible";

  function isNumeric(x) { return typeof x === "number" || typeof x === "boolean"; }

  /* Python == */
  function pyEq(a, b) {
    if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return false;
      for (var i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
      return true;
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
      var ka = Object.keys(a), kb = Object.keys(b);
      if (ka.length !== kb.length) return false;
      return ka.every(function (k) { return Object.prototype.hasOwnProperty.call(b, k) && pyEq(a[k], b[k]); });
    }
    return a === b;
  }

  /* Python's ordering: -1, 0 or 1; TypeError where Python raises one. */
  function pyCompare(a, b) {
    if (isNumeric(a) && isNumeric(b)) {
      var x = Number(a), y = Number(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (var i = 0; i < Math.min(a.length, b.length); i++) {
        if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i]);
      }
      return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
    }
    throw new TypeError("cannot compare " + typeof a + " with " + typeof b);
  }

  /* Python `item in container` */
  function pyIn(item, container) {
    if (Array.isArray(container)) return container.some(function (x) { return pyEq(item, x); });
    if (typeof container === "string") {
      if (typeof item !== "string") throw new TypeError("'in <string>' requires string as left operand");
      return container.indexOf(item) !== -1;
    }
    if (container !== null && typeof container === "object") {
      return Object.prototype.hasOwnProperty.call(container, item);
    }
    throw new TypeError("argument of type " + typeof container + " is not iterable");
  }

  function evaluate(rule, profile) {
    var op = rule.op;
    if (op === "manual") return MANUAL;
    if (op === "any") {
      var verdicts = rule.value.map(function (condition) { return evaluate(condition, profile); });
      if (verdicts.indexOf(MET) !== -1) return MET;
      return verdicts.every(function (v) { return v === UNMET; }) ? UNMET : UNKNOWN;
    }
    var have = profile ? profile[rule.fact] : undefined;
    // not answered; an empty list ("none of these") is an answer
    if (have === undefined || have === null || have === "") return UNKNOWN;
    var value = rule.value, ok;
    switch (op) {
      case "eq": ok = pyEq(have, value); break;
      case "ne": ok = !pyEq(have, value); break;
      case "ge": ok = pyCompare(have, value) >= 0; break;
      case "gt": ok = pyCompare(have, value) > 0; break;
      case "le": ok = pyCompare(have, value) <= 0; break;
      case "lt": ok = pyCompare(have, value) < 0; break;
      case "in": ok = pyIn(have, value); break;
      case "not_in": ok = !pyIn(have, value); break;
      case "has": ok = pyIn(value, have); break;
      case "has_any": ok = value.some(function (item) { return pyIn(item, have); }); break;
      case "lacks": ok = !pyIn(value, have); break;
      default: throw new Error("unknown operator " + JSON.stringify(op));
    }
    return ok ? MET : UNMET;
  }

  /* The group of a program with these verdicts. */
  function group(verdicts) {
    if (verdicts.indexOf(UNMET) !== -1) return INELIGIBLE;
    if (verdicts.indexOf(UNKNOWN) !== -1) return NEEDS_INFO;
    return ELIGIBLE;
  }

  /* [group, verdict per rule] */
  function match(rules, profile) {
    var verdicts = rules.map(function (rule) { return evaluate(rule, profile); });
    return [group(verdicts), verdicts];
  }

  /* Facts the rules test, those inside "any" included. */
  function testedFacts(rules) {
    var facts = {};
    rules.forEach(function (rule) {
      if (rule.op === "any") rule.value.forEach(function (c) { facts[c.fact] = true; });
      else if (rule.op !== "manual") facts[rule.fact] = true;
    });
    return facts;
  }

  function withApplicants(rules, applicants) {
    if (!applicants || !applicants.length || testedFacts(rules).applicant_type) return rules;
    return [{ fact: "applicant_type", op: "in", value: applicants.slice(), implicit: true }].concat(rules);
  }

  /* 元 for the profile's number, or null when not answered; whole 元, half up (matching.estimate) */
  function estimate(formula, profile) {
    var have = profile ? profile[formula.fact] : undefined;
    if (typeof have !== "number" || !isFinite(have) || have < 0) return null;
    var value = "rate" in formula ? formula.rate / 100 * (have * formula.fact_yuan) : formula.amount_yuan * have;
    if ("max_yuan" in formula) value = Math.min(value, formula.max_yuan);
    return Math.floor(value + 0.5);
  }

  root.PolicybookMatch = Object.freeze({
    MET: MET, UNMET: UNMET, UNKNOWN: UNKNOWN, MANUAL: MANUAL,
    ELIGIBLE: ELIGIBLE, NEEDS_INFO: NEEDS_INFO, INELIGIBLE: INELIGIBLE,
    evaluate: evaluate,
    match: match,
    group: group,
    testedFacts: testedFacts,
    withApplicants: withApplicants,
    estimate: estimate
  });
})(typeof window !== "undefined" ? window : this);
