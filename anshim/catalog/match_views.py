"""Pages of "나에게 맞는 지원 찾기": the step-by-step questionnaire, its results, and clearing the answers.

Answers are kept in ``request.session`` only (no model), and a session that holds them ends with the browser;
each POST either stores a whole valid step and redirects, or stores nothing and answers 400 with messages.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from anshim.accounts.ratelimits import limit_submits
from anshim.catalog import match as questionnaire
from anshim.catalog.rule_selectors import check_person

SESSION_KEY = "eligibility_match"


def _not_allowed(allowed: list[str]) -> HttpResponseNotAllowed:
    response = HttpResponseNotAllowed(allowed, content=gettext("허용되지 않는 요청 방식입니다.").encode())
    response["Content-Type"] = "text/plain; charset=utf-8"
    return response


def _state(request, today: datetime.date) -> questionnaire.MatchState:
    return questionnaire.MatchState.from_session(request.session.get(SESSION_KEY), today)


def _save(request, state: questionnaire.MatchState) -> None:
    request.session[SESSION_KEY] = state.as_session()
    if not request.user.is_authenticated:
        # The answers are about income, health and housing: a visitor's session ends with the browser.
        request.session.set_expiry(0)


def _outcomes(state: questionnaire.MatchState, today: datetime.date):
    outcomes = check_person(state.facts(today), today)
    return outcomes, {o.policy.pk: o.result for o in outcomes}


def _result_url(anchor: str = "") -> str:
    return f"{reverse('catalog:match')}?step=result{anchor}"


def _render_questions(
    request,
    state,
    today,
    results,
    questions: list[str],
    *,
    mode: str,
    values=None,
    errors=None,
    error: str = "",
    status: int = 200,
):
    deciding = {q.fact: q.count for q in questionnaire.questions_that_matter(results)}
    if values is None:
        values = {name: questionnaire.stored_text(name, state.answers, state.asked) for name in questions}
    fields = questionnaire.build_fields(questions, values=values, errors=errors or {}, deciding=deciding, today=today)
    context = {
        "state": state,
        "mode": mode,
        "step_number": state.steps + 1,
        "fields": fields,
        "questions": ",".join(questions),
        "errors": [f for f in fields if f.error],
        "error": error,
        "tally": questionnaire.tally(results),
        "policy_count": len(results),
        "answers": questionnaire.answer_summary(state.answers, state.asked),
    }
    return render(request, "catalog/match.html", context, status=status)


def _render_result(request, state, today, outcomes, *, error: str = "", status: int = 200):
    context = {
        "state": state,
        "today": today,
        "groups": questionnaire.group_results(outcomes),
        "policy_count": len(outcomes),
        "answers": questionnaire.answer_summary(state.answers, state.asked),
        "more_questions": bool(questionnaire.next_questions({o.policy.pk: o.result for o in outcomes}, state.asked)),
        "error": error,
    }
    return render(request, "catalog/match_result.html", context, status=status)


@limit_submits
def match(request):
    """GET: the next step (or ``?ask=`` given facts, or ``?step=result``); POST: store one step."""
    today = timezone.localdate()
    state = _state(request, today)
    if request.method == "POST":
        return _answer(request, state, today)
    if request.method not in ("GET", "HEAD"):
        return _not_allowed(["GET", "POST"])
    outcomes, results = _outcomes(state, today)
    step = request.GET.get("step", "")
    if step not in ("", "result"):
        return _render_result(
            request, state, today, outcomes, error=gettext("알 수 없는 단계입니다. 결과를 보여 드립니다."), status=400
        )
    if "ask" in request.GET:
        try:
            asked = questionnaire.parse_question_names(request.GET.getlist("ask"))
        except questionnaire.UnknownQuestion as exc:
            return _render_result(request, state, today, outcomes, error=str(exc), status=400)
        return _render_questions(request, state, today, results, asked, mode="ask")
    if step == "result":
        return _render_result(request, state, today, outcomes)
    upcoming = [q.fact for q in questionnaire.next_questions(results, state.asked)]
    if not upcoming:
        return _render_result(request, state, today, outcomes)
    return _render_questions(request, state, today, results, upcoming, mode="step")


def _answer(request, state, today):
    action = request.POST.get("action", "next")
    then = request.POST.get("then", "")
    try:
        questions = questionnaire.parse_question_names(request.POST.getlist("questions"))
        if action not in ("next", "result", "skip") or then not in ("", "result"):
            raise questionnaire.UnknownQuestion(gettext("알 수 없는 요청입니다. 다시 시도해 주세요."))
    except questionnaire.UnknownQuestion as exc:
        outcomes, _ = _outcomes(state, today)
        return _render_result(request, state, today, outcomes, error=str(exc), status=400)

    if action == "skip":
        state = state.after_step(state.answers, questions)
    else:
        try:
            answers = questionnaire.apply_step(state.answers, questions, request.POST, today)
        except questionnaire.StepError as exc:
            _, results = _outcomes(state, today)
            values = {name: request.POST.get(name) for name in questions}
            return _render_questions(
                request,
                state,
                today,
                results,
                questions,
                mode="ask" if then else "step",
                values=values,
                errors=exc.errors,
                status=400,
            )
        state = state.after_step(answers, questions)
    _save(request, state)

    if action == "result" or then == "result":
        return redirect(_result_url())
    _, results = _outcomes(state, today)
    if not questionnaire.next_questions(results, state.asked):
        return redirect(_result_url())
    return redirect("catalog:match")


@limit_submits
def reset(request):
    """Forget every answer of this browser (POST with CSRF), then start again at step 1."""
    if request.method != "POST":
        return _not_allowed(["POST"])
    request.session.pop(SESSION_KEY, None)
    messages.success(request, gettext("답변을 모두 지웠습니다. 처음부터 다시 시작합니다."))
    return redirect("catalog:match")
