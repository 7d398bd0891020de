"""Rules as code for 안심: who is eligible for which policy, why, and how many across Seoul.

Pure Python + NumPy with no Django import, so the web layer, management commands and benchmarks
share one engine and it can be tested and timed without a database.

Design choices:
- Missing facts are unknown, never false: criteria and groups use three-valued (Kleene) logic,
  so an incomplete questionnaire yields "추가 확인 필요" instead of a wrong "비대상".
- A rule is validated once (`Rule`) and planned per reference date: dated parameters are resolved,
  labels written and `not` pushed down to criteria, so every reason reads the way it counts.
- Two evaluators share that plan: `evaluate` compiles it to C-level predicates for one person
  (reasons built lazily); `evaluate_population` runs it as mask algebra over NumPy columns.
- "Which facts would decide it" = unknown criteria reached through unknown groups only; that is
  exact for and/or trees because an unknown `all` has no false child and an unknown `any` no true one.
- 기준 중위소득 is stored for 1–4 person households; 5+ person households use the 4-person value
  on this platform (the platform serves single-person households; larger ones are rare inputs).
- income_ratio is a fraction (1.5 = 150%), computed as income / median in float64 by both
  evaluators, so they agree bit for bit; labels show it as a percentage.
- Enum facts are int8 codes (position in the fact's choices) in populations, and districts follow
  anshim.geo.districts order, so counts per district are one bincount.
"""

from anshim.eligibility.evaluate import Question, Result, evaluate, evaluate_many, questions_that_matter
from anshim.eligibility.facts import FACTS, FactError, Facts, clean_facts
from anshim.eligibility.parameters import Parameter, ParameterError, median_income
from anshim.eligibility.rules import Outcome, Rule, RuleError, RuleIssue
from anshim.eligibility.vectorized import Population, evaluate_population, masks, tally_by_district

__all__ = [
    "FACTS",
    "FactError",
    "Facts",
    "Outcome",
    "Parameter",
    "ParameterError",
    "Population",
    "Question",
    "Result",
    "Rule",
    "RuleError",
    "RuleIssue",
    "clean_facts",
    "evaluate",
    "evaluate_many",
    "evaluate_population",
    "masks",
    "median_income",
    "questions_that_matter",
    "tally_by_district",
]
