"""Raise weak-signal flags from a scorecard with rules declared in the rubric YAML.

Rules are small classes in a registry (`RULE_KINDS`), in the manner of CTFd's flag plugins:
each kind validates its own YAML mapping, evaluates against one scorecard and says in words
why it fired. Free text is read by concept matching: lexicons of what interviewers write
about a topic, plus clause-level negation, contrast and question handling, so that "never
mentioned monitoring" counts against monitoring and "named Kubeflow, then explained how it
was wired" does not count as name-dropping.
"""

from __future__ import annotations

import bisect
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from .problems import Problem
from .yaml_source import SourceDocument

if TYPE_CHECKING:
    from .rubric import RubricSet

SOURCES: tuple[str, ...] = ("interviewer", "probe", "ratings", "evidence", "notes")
SEVERITY_ORDER: dict[str, int] = {"blocking": 0, "concern": 1, "info": 2}
RATING_POINTS: tuple[int, ...] = (1, 2, 3, 4)
_EMPTY: Mapping[str, Any] = MappingProxyType({})

# --------------------------------------------------------------------------------------
# Concept lexicons: what interviewers write when a candidate talks about something.
# Each entry is a regex fragment matched on lowercased text between non-word boundaries.
# --------------------------------------------------------------------------------------

CONCEPTS: dict[str, tuple[str, ...]] = {
    "training_metrics": (
        r"auc", r"roc(?:[- ]auc)?", r"accuracy", r"acc", r"f1", r"precision", r"recall",
        r"(?:val(?:idation)?|training|train|test|eval) (?:loss|score|set|accuracy|metrics?)",
        r"loss(?:es)?(?: curves?)?", r"log ?loss", r"rmse", r"mae", r"mape", r"bleu",
        r"top-?[15]", r"ndcg(?:@\d+)?", r"mrr", r"map@\d+", r"leaderboards?", r"kaggle",
        r"benchmarks?", r"sota", r"hold-?out",
        r"offline (?:eval\w*|metrics?|numbers|results|tables?)", r"hyper ?param\w*",
        r"pr[- ]?auc", r"f-?scores?", r"perplexity",
        r"(?:auc|accuracy|f1|metric) (?:gains?|lifts?|bumps?)",
        r"val (?:loss|acc\w*|auc|metrics?|set)", r"model arch\w*",
        r"evals", r"eval (?:scores?|numbers|results|metrics?)", r"faithfulness",
        r"feature eng\w*", r"trained", r"training", r"epochs?",
    ),
    "deployment": (
        r"deploy\w*", r"ship(?:ped|ping|s)?", r"prod(?:uction)?", r"productioni[sz]\w*",
        r"launch\w*", r"roll-?outs?", r"rolled out", r"releas\w*", r"serv(?:e|ed|es|ing)",
        r"endpoints?", r"apis?", r"latency", r"p9[059]", r"throughput", r"rps", r"qps",
        r"inference", r"canary", r"shadow(?: deploy\w*| mode)?", r"k8s", r"kubernetes",
        r"docker\w*", r"containeri[sz]\w*", r"batch (?:scoring|jobs?|inference)",
        r"real[- ]time", r"autoscal\w*", r"svc", r"microservices?", r"fastapi", r"flask",
        r"bentoml", r"seldon", r"kserve", r"torchserve", r"triton", r"ci/cd",
        r"host(?:ed|ing)", r"go-?live", r"went live", r"to users",
    ),
    "monitoring": (
        r"monitor\w*", r"mon", r"alert\w*", r"alarms?", r"dashboards?", r"obs", r"o11y",
        r"observability", r"drift (?:mon\w*|alert\w*|detect\w*|checks?|dashboards?)",
        r"pagerduty", r"slis?", r"on[- ]?call", r"pag(?:ed|er|ing)", r"slos?", r"psi",
        r"cloudwatch", r"datadog", r"grafana", r"prometheus",
    ),
    "incident": (
        r"incidents?", r"outages?", r"post-?mortems?", r"paged", r"broke", r"broken",
        r"went down", r"took down", r"blew up", r"sev ?[0-3]", r"firefight\w*",
        r"hot-?fix\w*", r"(?:prod|production) (?:failures?|issues?|problems?|bugs?|fires?)",
        r"failures? in (?:prod|production)", r"what broke", r"went wrong",
        r"(?:failure|incident|outage|war|on-?call) stor(?:y|ies)",
        r"(?:failed|broke|degraded|died|fell over) (?:after|in|post)[- ]?"
        r"(?:launch\w*|prod\w*|deploy\w*|release)",
    ),
    "frameworks": (
        r"kubeflow", r"mlflow", r"airflow", r"sagemaker", r"vertex(?: ai)?", r"feast",
        r"tecton", r"ray", r"spark", r"kafka", r"flink", r"tfx", r"bentoml", r"seldon",
        r"kserve", r"triton", r"torchserve", r"dbt", r"databricks", r"snowflake",
        r"langchain", r"llama ?index", r"pinecone", r"weaviate", r"chroma", r"faiss",
        r"dagster", r"prefect", r"metaflow", r"wandb", r"dvc", r"bigquery",
        r"hugging ?face", r"k8s", r"kubernetes",
    ),
    "integration": (
        r"(?:explained|described|walked (?:me )?(?:thru|through)|detailed|drew|sketched)"
        r" (?:exactly |clearly |in detail )?how",
        r"wired", r"wiring", r"integrat\w*", r"glued?",
        r"(?:fit|fits|tied|hooked|plugged|connected|talk(?:ed)?) (?:together|into|up)",
        r"connected", r"how .{0,40}?(?:got|flowed|moved|passed|picked up|talked|reached)",
        r"data ?flow", r"interfaces?", r"contracts?", r"metadata store",
    ),
    "team": (
        r"(?<!\d-)(?<!\d )teams?", r"teammates?", r"pms?",
        r"(?:product|infra|platform|data|eng|ops) (?:managers?|team|partners?|folks|people|"
        r"engineers?)", r"colleagues?", r"peers?", r"analysts?", r"designers?",
        r"stakeholders?", r"partner(?:ed|ing|s)?", r"cross[- ]?(?:functional|team|org)",
        r"xfn", r"data eng\w*", r"collaborat\w*", r"worked with", r"who (?:else )?they worked with",
        r"credited", r"design reviews?", r"mentor\w*",
    ),
    "solo": (
        r"alone", r"single-?handed\w*", r"solo", r"one[- ]person", r"(?:mostly|all|just) me",
        r"by (?:my|them)sel(?:f|ves)", r"(?:i|they) did (?:it all|everything)",
        r"the whole thing (?:myself|themselves|alone)", r"i built the whole thing",
        r"(?:do|did|does|doing) (?:it|everything|things) (?:all )?(?:myself|themselves|alone)",
        r"(?:lots of|all|everything was|every answer was) [\"']?i[\"']?", r"i, i, i",
        r"i \w+, i \w+(?:,? (?:and )?i \w+)?", r"my \w+[\"',\s]+my \w+",
    ),
    "tradeoffs": (
        r"trade-?offs?", r"trade offs?", r"alternatives?", r"pros (?:and|&) cons",
        r"pros/cons", r"downsides?", r"instead of", r"rather than", r"versus", r"vs\.?",
        r"(?:chose|picked|preferred|went with|opted for|choose)\b.{0,40}?\b(?:over|instead)",
        r"accepted .{0,25}?(?:lower|worse|higher|loss|hit|drop)", r"compromis\w*",
        r"weighed", r"even though", r"at the cost of", r"gave up",
    ),
    "handoff": (
        r"hand(?:ed|s|ing)? (?:it|them|the (?:model|notebook|code|pickle|weights|thing|"
        r"artifacts?|files?)) (?:off|over)",
        r"hand(?:ed|s|ing)? (?:off|over)(?= to| the (?:model|notebook|code|pickle|weights)|"
        r"\s*[.,;:)\"']|\s*$)", r"hand-?off",
        r"hand(?:ed|s|ing)? (?:off |over )?(?:the |a |their |my )?"
        r"(?:notebooks?|ipynb|model files?|pickles?)",
        r"(?:gave|passed|threw|sent|tossed) (?:the |a |their |my )?"
        r"(?:\.?ipynb|notebooks?|model files?|pickles?|pkl|weights)",
        r"over the wall",
        r"(?:platform|eng|engineering|mlops|infra|devops|other|another|backend|sre)(?: teams?)?"
        r" (?:did|does|handled|handles|deployed|took|wrapped|productioni[sz]ed|owned|owns|ran)",
        r"hand(?:ed|s)? (?:it |them )?(?:off |over )?to (?:the |a )?(?:ml )?"
        r"(?:platform|eng|engineering|infra|mlops|ops|another|other|backend|sre)",
        r"someone else (?:deployed|productioni[sz]ed|shipped|served)",
        r"(?:someone else|other people|others) (?:owned|handled|ran) (?:the )?"
        r"(?:deploy\w*|serving|endpoints?|prod\w*|service|svc)",
        r"(?:went|goes|passed|moved|got handed|was handed|thrown) (?:over )?to (?:the |a |an )?"
        r"(?:other|another|platform|eng|engineering|infra|mlops|ops|backend|sre|devops|prod)"
        r"(?: \w+)? teams?",
        r"(?:supplied|provided|delivered|shared|exported|sent over) (?:a |the |their )?"
        r"(?:\.?pkl|pickle|model file|notebook|\.?ipynb|onnx file|weights)",
    ),
    "skew": (
        r"skew\w*", r"train(?:ing)?[-/ ](?:vs\.? )?serv(?:e|ing)",
        r"offline[-/ ](?:vs\.? )?online", r"online[-/ ](?:vs\.? )?offline", r"parity",
        r"point[- ]in[- ]time",
        r"(?:same|shared|single) (?:feature|transform\w*|preprocess\w*) (?:code|logic|"
        r"definitions?|pipeline)",
        r"same transform", r"diverg\w*", r"consisten\w*", r"differ(?:s|ed|ence|ences)?",
        r"(?:offline|online|feature|input|serving|covariate|data) drift", r"drift between",
        r"logg?(?:ed|ing|s)? (?:the )?(?:served )?features",
    ),
    "feature_pipeline": (
        r"feature (?:pipelines?|stores?|eng\w*|logic|computation|code)", r"features?",
        r"feast", r"tecton", r"etl", r"pre-?process\w*", r"transforms?",
    ),
    "ab_test": (
        r"a/b(?: test\w*)?", r"ab[- ]?test\w*", r"a-b test\w*", r"split test\w*",
        r"online (?:test|experiment)s?",
        r"(?:launch|ship|roll(?:ed)? out|releas)\w* to (?:\d+ ?%|half)", r"50/50",
        r"half (?:the|of the) (?:users|traffic)", r"compare (?:against|to|with) (?:a )?control",
    ),
    "experiment_design": (
        r"power(?:ed)?", r"sample sizes?", r"mde", r"minimum detectable",
        r"guardrails?", r"(?:primary|success|target|north[- ]star) metrics?", r"metrics?",
        r"(?:\d+|one|two|three|four) ?(?:wk|wks|weeks?|days?)", r"duration", r"run length",
        r"randomi[sz]\w*", r"unit (?:=|of|is|by)", r"seasonality", r"significan\w*",
        r"confidence intervals?", r"p-?values?", r"variance", r"holdback", r"novelty",
        r"sequential", r"stopping rules?", r"guardrail metrics?", r"how long",
        r"how many (?:users|samples|days|weeks)",
    ),
    "cost": (
        r"costs?", r"costly", r"\$", r"dollars?", r"budgets?", r"cheap\w*", r"expensive",
        r"compute", r"infra (?:spend|\$)", r"roi", r"worth (?:it|the)", r"spend",
        r"complexity", r"maintenance (?:burden|load)", r"distill\w*",
        r"(?:serving|inference|deployment|infra|gpu|compute|latency|training|token|api|"
        r"hosting) (?:costs?|budgets?|spend|bills?)",
        # A verdict on worth is itself a cost judgment; latency paired with money is cost.
        r"(?:not|isn'?t|wasn'?t|never) worth (?:it|the \w+)",
        r"latency (?:or|and|/|\+|vs\.?) (?:\$|costs?|compute|gpu|money)",
        r"(?:\$|costs?|compute|gpu|money) (?:or|and|/|\+|vs\.?) latency",
    ),
    "decay": (
        r"decay\w*", r"drift\w*", r"degrad\w*", r"re-?train\w*", r"stale", r"model rot",
        r"(?:performance|precision|recall|auc|accuracy) (?:dropped|drops?|fell|tanked|declined)",
        r"tanked", r"(?:concept|distribution|seasonal|covariate) shift",
        r"kept .{0,30}? alive", r"maintain\w*", r"psi", r"backtest\w*",
        r"(?:vendor|upstream|schema) (?:changed?|change)",
        r"(?:keep|kept|keeping) (?:\w+ ){0,3}?(?:healthy|alive|running|fresh)",
    ),
    "net_new": (
        r"greenfield", r"0 ?(?:->|→|to) ?1", r"zero to one", r"net[- ]new",
        r"only (?:new )?launch\w*", r"moved (?:teams|on) after", r"left after launch",
        r"moved (?:on )?to (?:the |a )?next (?:project|thing|launch|model)",
        r"(?:everything|all) (?:they |he |she |i )?(?:shipped|launched|built) (?:was|were) new",
        r"only (?:ever )?(?:shipped|launched|built) new",
    ),
    "eval_harness": (
        r"eval(?:uation)? (?:harness|sets?|suites?|pipelines?)", r"golden (?:sets?|data\w*)",
        r"evals", r"labell?ed (?:\w+ )?(?:sets?|data)",
        r"\d+k? (?:labell?ed|q/a|q&a|questions|q's|examples|prompts)",
        r"ref(?:erence)? answers", r"llm[- ]as[- ](?:a[- ])?judge", r"judge model",
        r"groundedness", r"faithfulness", r"hallucinat\w*", r"recall@\d+", r"precision@\d+",
        r"mrr", r"ndcg", r"hit rate", r"retrieval (?:eval\w*|quality|metrics?|recall)",
        r"refusal (?:rate|eval\w*|sets?)", r"regression (?:suite|tests?|sets?)",
        r"red[- ]team\w*", r"scored (?:automatically|by)", r"offline evals?",
        r"tests? (?:on|for|of) (?:the )?(?:model |llm )?(?:outputs?|answers?|responses?)",
    ),
    "spot_check": (
        r"spot[- ]?check\w*", r"eyeball\w*", r"vibes?(?:[- ]check)?",
        r"looked at (?:a few|some|~?\d+)", r"look at (?:a few|some)",
        r"manual(?:ly)? (?:review|check|poking|testing)\w*", r"seemed (?:happy|fine|good)",
        r"thumbs up", r"poking at", r"by (?:hand|eye)",
        r"(?:checked|tested|reviewed|read) (?:\w+ )?manually",
        r"tried a (?:few|couple of) (?:prompts|examples|queries)",
    ),
    "rigor": (
        r"(?:\d+|multiple|several|three|five|ten) (?:seeds|runs)", r"seeds",
        r"± ?std", r"std dev", r"error bars?", r"confidence intervals?", r"cis?",
        r"bootstrap\w*", r"significan\w*", r"p-?values?", r"ablat\w*", r"baselines?",
        r"variance", r"noise", r"paired (?:test|bootstrap)", r"t-test", r"wilcoxon",
    ),
    "domain_signal": (
        r"label noise", r"noisy(?: labels?)?", r"leak\w*", r"confound\w*", r"bias(?:ed)?",
        r"self-reported", r"reject inference", r"inter-?(?:reader|rater|annotator)\w*",
        r"delayed labels?", r"labels? (?:arrive|lag)\w*", r"chargebacks?", r"sars?", r"siu",
        r"calibration drift", r"mislabel\w*", r"value metric", r"business metric",
        r"censor\w*",
    ),
    "safety": (
        r"fail(?:ure)?[- ]?modes?", r"fall ?backs?", r"fell back", r"falls? back",
        r"kill[- ]?switch\w*", r"circuit[- ]?breakers?", r"graceful\w*",
        r"safe (?:defaults?|fallbacks?|mode)", r"last[- ]known[- ]good", r"timeouts?",
        r"retr(?:y|ies)", r"rate[- ]limit\w*", r"guardrails?",
        r"human[- ]in[- ]the[- ]loop", r"(?:route|handoff|hand off|escalat\w*) to (?:a )?human",
        r"roll-?backs?", r"roll(?:ed)? back", r"error handling", r"handl\w* errors?",
        r"input validation", r"validat\w* (?:inputs?|payloads?|the output)",
        r"handl\w* (?:for |of )?(?:malformed|bad|invalid|missing|failures?|errors?|timeouts?|edge)",
        r"schema validation", r"what happens (?:if|when)", r"refusal handling",
        r"blast radius", r"degraded mode", r"default (?:responses?|scores?|predictions?)",
    ),
}

CONCEPT_LABELS: dict[str, str] = {
    "training_metrics": "training metrics", "deployment": "deployment or serving",
    "monitoring": "monitoring", "incident": "a production incident", "frameworks": "frameworks",
    "integration": "how the pieces were integrated", "team": "the team",
    "solo": "solo ownership", "tradeoffs": "trade-offs", "handoff": "a hand-off",
    "skew": "training-serving skew", "feature_pipeline": "feature pipelines",
    "ab_test": "an A/B test", "experiment_design": "experiment design", "cost": "cost",
    "decay": "model decay", "net_new": "net-new launches only",
    "eval_harness": "an evaluation harness", "spot_check": "spot checks",
    "rigor": "experimental rigor", "domain_signal": "domain signal and label noise",
    "safety": "failure modes and fallbacks",
}

# Words that negate a concept mentioned after them ("never mentioned monitoring").
_NEGATION_BEFORE = (
    r"no", r"not", r"never", r"none", r"without", r"w/o", r"zero", r"nothing (?:on|about)",
    r"didn'?t", r"did not", r"doesn'?t", r"does not", r"don'?t", r"couldn'?t", r"could not",
    r"can'?t", r"cannot", r"wasn'?t", r"weren'?t", r"isn'?t", r"hasn'?t", r"haven'?t",
    r"hadn'?t", r"won'?t", r"unaware(?: of)?", r"not aware", r"unable to",
    r"didn'?t (?:realize|realise|notice|know|see|think)", r"failed to", r"idk", r"no idea",
    r"no clue", r"n/a", r"unclear (?:on|about)", r"forgot", r"blank on", r"struggled to",
    r"fuzzy on", r"barely", r"neither", r"nor", r"skipped", r"ignored", r"avoided",
    r"lacks?", r"lacking", r"missing", r"little to no", r"absent", r"glossed over",
    r"never got (?:to|into|past|beyond|around to)", r"didn'?t get (?:to|into|around to)",
    r"(?:other|another|platform|infra|ops|sre|on-?call|devops|mlops|eng|backend)(?: \w+)? teams?"
    r" (?:handles?|handled|owns?|owned|deals? with|dealt with|takes? care of|did|does)",
    r"brushed (?:off|over|aside)", r"waved (?:off|away)", r"punted on",
    r"(?:silent|quiet|hazy|thin) on", r"nothing (?:re|for|around|regarding|from|in)", r"nada",
    r"sans",
)
# Words that negate a concept mentioned just before them ("monitoring: none").
_NEGATION_AFTER = (
    r"never", r"not", r"none", r"n/a", r"nothing", r"missing", r"absent", r"idk", r"blank",
    r"skipped", r"lacking", r"didn'?t", r"wasn'?t", r"weren'?t", r"haven'?t", r"hasn'?t",
    r"couldn'?t", r"can'?t", r"zero", r"no answer", r"no real answer", r"shrug\w*",
    r"dodged", r"deflected", r"moved away from", r"no longer", r"no idea", r"no clue",
    r"glossed over", r"never came up", r"didn'?t come up", r"not discussed", r"nada", r"nope",
    # Deflections: the topic belongs to someone else.
    r"not (?:my|their|his|her) (?:concern|area|job|problem|responsibility)",
    r"(?:someone|somebody) else'?s? (?:problem|job|concern)",
    r"(?:platform|infra|ops|sre|devops|mlops|eng|backend|another|other)(?: teams?)?"
    r" (?:owns?|owned|handles?|handled|does|did|takes care of) (?:that|it|this|those)",
)
# Negation words that negate nothing: "w/o prompting covered rollback", "not only X".
_NOT_NEGATION = re.compile(r"(?<!\w)(?:(?:w/o|without) (?:any )?(?:prompting|being (?:asked|"
                           r"prompted)|a prompt|me asking|hints?)|not only|no doubt|"
                           r"no matter)(?!\w)")
# After-cues that need their subject next to them: "p99 never discussed" but not
# "went to the other team, never saw it again".
_WEAK_AFTER = re.compile(r"never|not|didn'?t|wasn'?t|weren'?t|haven'?t|hasn'?t|couldn'?t|can'?t")
# Words that make a mention hollow: named, but without substance ("buzzwords only").
_HOLLOW = (
    r"buzz ?words?", r"name-?drop\w*", r"just (?:named|listed|mentioned)",
    r"only (?:named|listed|mentioned)", r"surface[- ]level", r"superficial",
    r"hand-?wav\w*", r"vague\w*", r"generic", r"textbook", r"no (?:details?|specifics|depth)",
    r"(?:couldn'?t|could not|can'?t) (?:really )?(?:explain|say|describe|elaborate|go deeper)",
    r"in passing", r"lip service", r"like a list", r"laundry list", r"fell apart",
    r"second-?hand", r"standard stuff", r"the usual (?:stuff|way)", r"usual stuff",
    r"(?:looked|seemed|felt) (?:good|fine|ok|okay|better)",
)
# Words that end a negation's reach inside a clause ("no monitoring, strong on serving").
_SCOPE_BREAKERS = frozenset({
    "strong", "solid", "good", "great", "clear", "clearly", "excellent", "well", "nice",
    "but", "then", "though", "however",
    # "no eval beyond manual poking": what follows is the one thing that was there.
    "beyond", "except", "besides",
})
_JOINERS = frozenset({"and", "while", "with", "w/", "whereas", "plus", ",", "&", "+"})
# "never dealt with decay": here "with" introduces the object, it does not join a clause.
_TAKES_WITH = frozenset({"dealt", "deal", "dealing", "worked", "work", "working", "familiar",
                         "experience", "experienced", "comfortable", "involved", "helped",
                         "help", "done", "do", "did", "bothered", "bother", "came", "come",
                         "engaged", "touched", "played", "struggled", "stuck"})
_LIST_WORDS = frozenset({"or", "nor", "and", "any", "the", "a", "an", "of", "even", "about"})
# Words that carry a negation on along a list ("no mention of skew or drift between ...").
_CHAIN_WORDS = frozenset({"or", "nor", "and", ",", "/", "of", "between", "about", "the", "any",
                          "for", "on", "in", "&", "+", "even"})

# A negation carries across "or"/"nor" to a second object that is a clause of its own
# ("never mentioned monitoring or how it was deployed"): what sits between the two objects
# may only be these function words. After "and" or a comma it carries only when the second
# object opens with a wh-word ("no mention of drift, or how features are recomputed").
_COORDINATORS = frozenset({"or", "nor", "/", ",", "and", "&", "+"})
_OPEN_COORDINATORS = frozenset({"or", "nor", "/"})
_WH_WORDS = frozenset({"how", "what", "whether", "where", "when", "why", "which", "who", "if"})
_FILLERS = _WH_WORDS | _CHAIN_WORDS | frozenset({
    "it", "its", "it's", "they", "them", "their", "he", "she", "his", "her", "we", "you", "i",
    "was", "were", "is", "are", "be", "been", "being", "got", "get", "gets", "would", "will",
    "should", "could", "might", "to", "do", "did", "does", "model", "models", "thing", "things",
    "stuff", "this", "that", "those", "these", "much", "many", "ever", "actually", "a", "an",
    "at", "by", "they'd", "it'd", "they'll", "it'll", "anything", "something", "one"})
_WINDOW_COORDINATION = 9
# What may sit between the items of a list an after-cue closes ("mon, alerting, slo: none").
_LIST_SEPARATORS = frozenset({",", "/", "+", "&", "and", "or", "nor", "—", "–", "-", ":"})
_LIST_FILLERS = frozenset({"side", "stuff", "etc", "wise", "plan", "story", "the", "any"})
# A negated term that opens a subordinate clause ("no thought about what happens if the
# service times out") governs everything up to the end of that clause.
_SUBORDINATE_TERM = re.compile(r"^(?:what happens|how|whether|what (?:if|would))\b")
_SEGMENT_ENDS = frozenset({"—", "–", "-", "?", ":", ";", "("})

# A clause that takes back "them"/"it" without naming anything refers to the clause before.
_ANAPHORA = re.compile(r"(?<!\w)(?:it|them|those|these|any of them|either|each)(?!\w)")

_CONTRAST = r"(?:but|however|though|although|yet|whereas|except)"
_VERDICT = re.compile(  # "but generic — ...": the contrast judges what came before.
    _CONTRAST + r",?\s+(?:(?:it|that|this|the story|story|which|and)\s+)?(?:(?:was|is|it's|"
    r"felt|seemed|sounded|pretty|very|quite|kinda|kind of|a bit|rather|fairly|super|really|"
    r"totally|all|mostly)\s+){0,2}"
    r"(?:generic|vague\w*|hand-?wav\w*|superficial|surface[- ]level|second-?hand|textbook|"
    r"shallow|thin|fuzzy|hazy|unclear|buzz ?words?)\b")
_QUESTION = re.compile(
    r"(?<![\w])(?:when asked|asked|asking|pushed on|pushed|pressed (?:on|for|about)|pressed|"
    r"probed|nudged|prompted for|q:)\b"
    r".*?(?=\s[—–-]\s|[—–:?\"]|\s-\s|\s?->|$)")
# "which metric, how long, what sample — no answer": the interviewer's questions, listed.
_INTERROGATIVE = re.compile(r"(?:which|what|how (?:long|many|much|often)|if)\b"
                            r".*?(?=\s[—–-]\s|[—–:?\"]|\s-\s|$)")
# "how do they catch hallucinations before users do?": a question the notes quote.
_DIRECT_QUESTION = re.compile(r"(?:how|why|when|where|who|is|are|do|does|did|can|could|would|"
                              r"should|will)\b[^?]*\?")
_TOKEN = re.compile(r"[\w$%@][\w$%@/'+.\-]*[\w%@]|[\w$%]|[,:?()—–&+]|(?<=\s)-(?=\s)")
_WINDOW_BEFORE = 6
# Cues about what the candidate knew reach across a whole subordinate clause
# ("no idea that features computed in the nightly batch would differ").
_LONG_REACH = re.compile(r"no idea|unaware|not aware|didn'?t (?:realize|realise|notice|know|"
                         r"see|think)|never got \w+(?: to)?|didn'?t get \w+(?: to)?")
_WINDOW_LONG = 12
_WINDOW_AFTER = 4


def _alternation(fragments: tuple[str, ...]) -> re.Pattern[str]:
    # "/" separates terms in shorthand ("team/pm", "f1/auc"), so it counts as a boundary.
    # Longer fragments first, so "no idea" wins over "no" as the cue that matched.
    ordered = sorted(fragments, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)")


_CONCEPT_PATTERNS = {name: _alternation(frags) for name, frags in CONCEPTS.items()}
_NEG_BEFORE_PATTERN = _alternation(_NEGATION_BEFORE)
_NEG_AFTER_PATTERN = _alternation(_NEGATION_AFTER)
_HOLLOW_PATTERN = _alternation(_HOLLOW)
# Answers that sidestep the question asked ("asked about X — pivoted to Y instead").
_EVASION_PATTERN = _alternation((r"instead", r"pivoted", r"deflected", r"dodged",
                                 r"sidestepped", r"steered (?:back|away)", r"went back to",
                                 r"changed (?:the )?(?:subject|topic)", r"long pause",
                                 r"went (?:quiet|silent|blank)", r"rambled", r"no (?:real )?answer",
                                 r"talked about something else", r"blank"))
_SENTENCE_SPLIT = re.compile(r"(?<=[.!;])\s+|\n+|;\s*|(?<=[a-z)\"'])\.(?=[a-z\"'])")
_CLAUSE_SPLIT = re.compile(
    r"\s*(?:,\s*|\s)(?=" + _CONTRAST + r"\b)|\s*,?\s+(?=then\b)|\s[—–]\s(?=" + _CONTRAST + r"\b)")

POSITIVE, HOLLOW, NEGATED, ABSENT = "positive", "hollow", "negated", "absent"
_STATE_RANK = {POSITIVE: 0, HOLLOW: 1, NEGATED: 2, ABSENT: 3}


@dataclass(frozen=True)
class Clause:
    """One clause of free text and where it came from (notes or a criterion's evidence)."""

    text: str
    origin: str
    contrast: bool


@dataclass(frozen=True)
class Mention:
    """One occurrence of a concept term in a clause, with its reading."""

    concept: str
    term: str
    state: str
    clause: Clause


@dataclass(frozen=True)
class ConceptReading:
    """How a text speaks of one concept overall, with the words that show it."""

    state: str
    mentions: tuple[Mention, ...] = ()

    def first(self, *states: str) -> Mention | None:
        """Return the first mention in one of the states."""
        return next((m for m in self.mentions if m.state in states), None)


def normalise(text: str) -> str:
    """Return text lowercased with typographic quotes made plain."""
    return (text.lower().replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))


# A heading at the start of a clause names a topic ("monitoring plan: ...", "eval = spot
# checks"); "AUC = 0.91" or "p99 = 40ms" reports a number instead.
_TOPIC_HEADER = re.compile(r"(?:\s+[\w/-]+){0,2}?\s*(?::|=(?![^a-z]*\d))")
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7]|\d+[.)])\s+")


def _join_wrapped_lines(text: str) -> str:
    """Join lines wrapped mid-sentence; keep bullets and blank-line breaks as breaks."""
    segments: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        bullet = _BULLET.match(stripped)
        if not stripped or bullet:
            if current:
                segments.append(" ".join(current))
                current = []
            if bullet:
                stripped = stripped[bullet.end():]
        if stripped:
            current.append(stripped)
    if current:
        segments.append(" ".join(current))
    return "\n".join(segments)


def split_clauses(text: str, origin: str) -> list[Clause]:
    """Split free text into sentences, then at contrast words and 'then'."""
    clauses: list[Clause] = []
    for sentence in _SENTENCE_SPLIT.split(_join_wrapped_lines(normalise(text))):
        parts = _CLAUSE_SPLIT.split(sentence)
        for index, part in enumerate(parts):
            part = part.strip(" ,.-—–")
            if not part:
                continue
            starts_with_contrast = re.match(_CONTRAST + r"\b", part) is not None
            clauses.append(Clause(part, origin, index > 0 and starts_with_contrast))
    return clauses


class _Tokens:
    """Word positions of a clause, so cues and terms can be measured in words apart."""

    def __init__(self, text: str) -> None:
        self.spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _, _ in self.spans]

    def index_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def index_before(self, char: int) -> int:
        """Index of the last token that ends at or before char."""
        return bisect.bisect_right(self.starts, char - 1) - 1

    def word(self, index: int) -> str:
        return self.spans[index][2] if 0 <= index < len(self.spans) else ""


def _read_clause(clause: Clause) -> list[Mention]:
    """Return every concept mention in a clause, each read as positive, hollow or negated."""
    text = clause.text
    tokens = _Tokens(text)
    found = [(name, m) for name, pattern in _CONCEPT_PATTERNS.items()
             for m in pattern.finditer(text)]
    # The longer term wins where two concepts overlap: "serving cost" speaks of cost, not of
    # serving; "guardrail metric" of experiment design, not of fallbacks.
    terms = [(name, m) for name, m in found
             if not any(other != name and o.start() <= m.start() and m.end() <= o.end()
                        and o.end() - o.start() > m.end() - m.start() for other, o in found)]
    term_tokens: set[int] = set()
    for _, m in terms:
        term_tokens.update(range(tokens.index_at(m.start()), tokens.index_before(m.end()) + 1))
    idioms = [(m.start(), m.end()) for m in _NOT_NEGATION.finditer(text)]

    def real(m: re.Match[str]) -> bool:
        return not any(start <= m.start() < end for start, end in idioms)

    neg_before = [(tokens.index_before(m.end()),
                   _WINDOW_LONG if _LONG_REACH.fullmatch(m.group()) else _WINDOW_BEFORE)
                  for m in _NEG_BEFORE_PATTERN.finditer(text) if real(m)]
    neg_after = [tokens.index_at(m.start()) for m in _NEG_AFTER_PATTERN.finditer(text)
                 if real(m)]
    weak_after = {tokens.index_at(m.start()) for m in _NEG_AFTER_PATTERN.finditer(text)
                  if _WEAK_AFTER.fullmatch(m.group())}
    hollow = [(tokens.index_at(m.start()), tokens.index_before(m.end()))
              for m in _HOLLOW_PATTERN.finditer(text)]
    cue_tokens = {cue for cue, _ in neg_before} | set(neg_after) \
        | {i for span in hollow for i in span}
    questions = [(q.start(), q.end()) for q in _QUESTION.finditer(text)]
    interrogative = _INTERROGATIVE.match(text) or _DIRECT_QUESTION.match(text)
    if interrogative:
        questions.append((0, interrogative.end()))
    # Where an answer to a question is called vague or sidestepped, nothing said in it counts.
    # Only an answer that opens that way counts ("— vague, 'it's all connected'").
    answers = [(end, bool(_HOLLOW_PATTERN.search(text[end:end + 24])
                          or _EVASION_PATTERN.search(text[end:end + 24])))
               for _, end in questions]

    def reaches(cue: int, target: int, window: int) -> bool:
        """Whether a cue at one token governs a term at another, nothing breaking between."""
        low, high = sorted((cue, target))
        words = [i for i in range(low + 1, high) if tokens.word(i) not in {",", ":", "-", "—"}]
        if len(words) >= window:
            return False
        for i in range(low + 1, high):
            word = tokens.word(i)
            if word in _SCOPE_BREAKERS:
                return False
            following = i + 1
            if word in _JOINERS and following not in term_tokens and following not in cue_tokens \
                    and tokens.word(following) not in _LIST_WORDS \
                    and tokens.word(i - 1) not in _TAKES_WITH:
                return False
        return True

    # A cue with its own object after it ("AUC 0.91, never mentioned monitoring") does not
    # also reach back to the term before it.
    term_firsts = sorted(tokens.index_at(m.start()) for _, m in terms)
    neg_after = [cue for cue in neg_after
                 if not any(first > cue and reaches(cue, first, _WINDOW_BEFORE)
                            for first in term_firsts)]

    # An after-cue negates the nearest term before it, and a verdict ("none", "n/a", "never
    # came up") also the bare list items before that one: "deployment, monitoring: none" and
    # "prod side — rate limits, fallbacks — never came up", but not "deployed on k8s" in
    # "deployed on k8s, monitoring none".
    spans = sorted({(tokens.index_at(m.start()), tokens.index_before(m.end())) for _, m in terms})

    def separator(index: int) -> bool:
        return index < 0 or tokens.word(index) in _LIST_SEPARATORS

    after_negated: set[tuple[int, int]] = set()
    for cue in neg_after:
        weak = cue in weak_after
        reached = [span for span in spans if span[1] < cue
                   and reaches(span[1], cue, _WINDOW_AFTER)
                   and not (weak and "," in {tokens.word(i) for i in range(span[1], cue)})]
        if not reached:
            continue
        nearest = max(last for _, last in reached)
        group = [span for span in spans if span[1] == nearest or span[0] <= nearest <= span[1]]
        after_negated.update(group)
        head = min(first for first, _ in group)
        while not weak:
            before = [span for span in spans if span[1] < head]
            if not before:
                break
            last = max(end for _, end in before)
            gap = [tokens.word(i) for i in range(last + 1, head)]
            if not gap or not all(w in _LIST_SEPARATORS or w in _LIST_FILLERS for w in gap) \
                    or not any(w in _LIST_SEPARATORS for w in gap):
                break
            group = [span for span in before if span[1] == last]
            start = min(first for first, _ in group)
            # A bare item: at the start, after a separator, or after one modifier word.
            if not (separator(start - 1) or (start - 1 not in term_tokens
                                             and separator(start - 2))):
                break
            after_negated.update(group)
            head = start

    def coordinated(until: int, first: int) -> bool:
        """Whether a term is a further object of the negation that ended at `until`."""
        gap = range(until + 1, first)
        if not 0 <= until < first or len(gap) > _WINDOW_COORDINATION:
            return False
        if all(tokens.word(i) in _CHAIN_WORDS or i in term_tokens for i in gap):
            return True
        joints = [i for i in gap if tokens.word(i) in _COORDINATORS]
        if not joints or any(tokens.word(i) in _SCOPE_BREAKERS for i in gap):
            return False
        joint = joints[-1]
        after = [tokens.word(i) for i in range(joint + 1, first)]
        if tokens.word(joint) not in _OPEN_COORDINATORS and (not after
                                                             or after[0] not in _WH_WORDS):
            return False
        # At most a short tail after the first object ("monitoring for the model or ...").
        return joint - until <= 4 and all(w in _FILLERS or w in _COORDINATORS for w in after)

    def segment_end(index: int) -> int:
        """Last token of the stretch of words that starts after a token."""
        end = index
        while end + 1 < len(tokens.spans) and tokens.word(end + 1) not in _SEGMENT_ENDS:
            end += 1
        return end

    # "(position bias)" right after a negated term is read with it.
    parens = [i for i in range(len(tokens.spans)) if tokens.word(i) == "("]

    mentions: list[Mention] = []
    negated_until = -1  # last token of the latest negated term, for list chains
    governed_until = -1  # last token governed by a negated subordinate clause
    for name, m in sorted(terms, key=lambda item: item[1].start()):
        first = tokens.index_at(m.start())
        last = tokens.index_before(m.end())
        negated = any(cue < first and reaches(cue, first, window) for cue, window in neg_before)
        negated = negated or (first, last) in after_negated
        negated = negated or coordinated(negated_until, first) or first <= governed_until
        opened = max((p for p in parens if p < first), default=-1)
        if not negated and opened >= 0 and ")" not in {tokens.word(i)
                                                       for i in range(opened, first)}:
            negated = 0 <= opened - negated_until <= 3
        if negated:
            negated_until = max(negated_until, last)
            if _SUBORDINATE_TERM.match(m.group()):
                governed_until = max(governed_until, segment_end(last))
        hollowed = any(
            (end < first and reaches(end, first, _WINDOW_BEFORE + 2))
            or (start > last and reaches(last, start, _WINDOW_AFTER + 4))
            or start <= first <= end
            for start, end in hollow)
        # "deployment?" and "monitoring:" name a topic; the words after it are the answer.
        question_end = next((end for start, end in questions if start <= m.start() < end), None)
        if question_end is None and text[m.end():m.end() + 2].lstrip()[:1] in ("?", ":"):
            question_end = m.end()
        if question_end is None and len(text[:m.start()].split()) <= 2:
            header = _TOPIC_HEADER.match(text, m.end())
            question_end = header.end() if header else None
        asked = question_end is not None
        if asked and not negated:
            # The rest of the clause is the answer: any negation or evasion in it counts.
            answer = text[question_end:]
            negated = bool(_NEG_AFTER_PATTERN.search(answer) or _EVASION_PATTERN.search(answer)
                           or _HOLLOW_PATTERN.search(answer))
        if not negated and not hollowed and not asked:
            hollowed = any(start < m.start() and hollow_answer
                           for start, hollow_answer in answers)
        if negated:
            state = NEGATED
        elif hollowed:
            state = HOLLOW
        elif asked:
            # The interviewer's question names the topic; only the answer can speak for it.
            continue
        else:
            state = POSITIVE
        mentions.append(Mention(name, m.group(), state, clause))
    return mentions


def _has_negative_cue(clause: Clause) -> bool:
    text = clause.text
    return bool(_NEG_BEFORE_PATTERN.search(text) or _NEG_AFTER_PATTERN.search(text)
                or _HOLLOW_PATTERN.search(text))


def _apply_contrast(readings: list[list[Mention]], clauses: list[Clause]) -> None:
    """Hollow a positive mention when the next clause takes it back.

    "mentioned monitoring but couldn't say what they'd alert on" takes back monitoring;
    "named four tools. could not explain what any of them did" takes back the tools.
    """
    for index in range(1, len(clauses)):
        clause, before = clauses[index], readings[index - 1]
        if clause.origin != clauses[index - 1].origin or not _has_negative_cue(clause):
            continue
        refers_back = not readings[index] and _HOLLOW_PATTERN.search(clause.text) \
            and _ANAPHORA.search(clause.text)
        if not clause.contrast and not refers_back:
            continue
        taken_back = {m.concept for m in readings[index] if m.state in (NEGATED, HOLLOW)}
        if not readings[index] or (clause.contrast and _VERDICT.match(clause.text)):
            taken_back = {m.concept for m in before}
        readings[index - 1] = [
            Mention(m.concept, m.term, HOLLOW, m.clause)
            if m.state == POSITIVE and m.concept in taken_back else m
            for m in before]


@dataclass(frozen=True)
class TextAnalysis:
    """The concepts a set of clauses speaks of, each with its overall reading."""

    clauses: tuple[Clause, ...]
    readings: Mapping[str, ConceptReading]

    def reading(self, concept: str) -> ConceptReading:
        return self.readings.get(concept, ConceptReading(ABSENT))


def analyse(texts: list[tuple[str, str]]) -> TextAnalysis:
    """Read (origin, text) pairs into concept readings; positive wins over a negation."""
    clauses: list[Clause] = []
    for origin, text in texts:
        clauses.extend(split_clauses(text, origin))
    per_clause = [_read_clause(clause) for clause in clauses]
    _apply_contrast(per_clause, clauses)
    grouped: dict[str, list[Mention]] = {}
    for mentions in per_clause:
        for mention in mentions:
            grouped.setdefault(mention.concept, []).append(mention)
    readings = {
        concept: ConceptReading(min((m.state for m in mentions), key=_STATE_RANK.__getitem__),
                                tuple(mentions))
        for concept, mentions in grouped.items()}
    return TextAnalysis(tuple(clauses), readings)


# --------------------------------------------------------------------------------------
# Scorecards and what the engine returns.
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScorecardInput:
    """One interviewer's scorecard for a round, as the flag engine reads it."""

    round: str
    lane: str
    level: str
    notes: str = ""
    evidence: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    probes: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    ratings: Mapping[str, int | None] = field(default_factory=lambda: _EMPTY)
    observed: tuple[str, ...] = ()

    @classmethod
    def of(cls, round_id: str, lane: str, level: str, content: Any) -> ScorecardInput:
        """Return the engine's view of any scorecard content (a draft, stored facts, ...)."""
        return cls(round=round_id, lane=lane, level=level, notes=content.notes,
                   evidence=dict(content.evidence), probes=dict(content.probes),
                   ratings=dict(content.ratings), observed=tuple(content.observed))


@dataclass(frozen=True)
class RaisedFlag:
    """A flag raised on a scorecard, with the words or answers that raised it."""

    id: str
    label: str
    severity: str
    source: str
    because: str
    rule: str

    def to_json(self) -> dict[str, str]:
        """Return the fields the CLI and API publish."""
        return {"id": self.id, "label": self.label, "severity": self.severity,
                "source": self.source, "because": self.because}


@dataclass(frozen=True)
class Match:
    """A rule that fired: where its evidence came from and the sentence that shows it."""

    source: str | None
    because: str


class ScorecardContext:
    """A scorecard plus its text analyses, computed once and shared by every rule."""

    def __init__(self, scorecard: ScorecardInput) -> None:
        self.scorecard = scorecard
        self._analyses: dict[tuple[bool, tuple[str, ...] | None], TextAnalysis] = {}

    def analysis(self, notes: bool, criteria: tuple[str, ...] | None) -> TextAnalysis:
        """Return the analysis of the notes and/or the evidence of some criteria."""
        key = (notes, criteria)
        if key not in self._analyses:
            texts: list[tuple[str, str]] = []
            if notes and self.scorecard.notes:
                texts.append(("notes", self.scorecard.notes))
            for criterion in sorted(self.scorecard.evidence):
                if criteria is None or criterion in criteria:
                    texts.append((f"evidence[{criterion}]", self.scorecard.evidence[criterion]))
            self._analyses[key] = analyse(texts)
        return self._analyses[key]

    @cached_property
    def observed(self) -> frozenset[str]:
        return frozenset(self.scorecard.observed)


# --------------------------------------------------------------------------------------
# Building rules from YAML.
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleScope:
    """The ids a rule in one rubric may refer to, with display names for reasons."""

    round: str
    criteria: Mapping[str, str]
    probes: Mapping[str, str]
    probe_options: Mapping[str, Mapping[str, str]]
    flags: Mapping[str, str]


def dotted(path: tuple[Any, ...]) -> str:
    """Return a YAML path as a field name: ('criteria', 2, 'id') -> 'criteria[2].id'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class RuleSite:
    """Where a rule sits in a YAML file, collecting the problems found while building it."""

    doc: SourceDocument
    path: tuple[Any, ...]
    scope: RuleScope
    problems: list[Problem]
    flag: str = ""

    def at(self, *more: Any) -> RuleSite:
        return RuleSite(self.doc, self.path + more, self.scope, self.problems, self.flag)

    def report(self, message: str, *more: Any) -> None:
        path = self.path + more
        self.problems.append(self.doc.problem(path, dotted(path), message))


class Rule(ABC):
    """A condition over a scorecard that, when it holds, raises its flag."""

    kind: ClassVar[str]
    fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    @abstractmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        """Build the rule from its YAML mapping, reporting problems at the site."""

    @abstractmethod
    def evaluate(self, context: ScorecardContext) -> Match | None:
        """Return a match when the rule holds for the scorecard, else None."""

    @abstractmethod
    def describe(self) -> str:
        """Return the condition in words."""


def build_rule(data: Any, site: RuleSite) -> Rule | None:
    """Build a rule of any registered kind; report problems and return None when broken."""
    if not isinstance(data, Mapping):
        site.report("a rule must be a mapping with a 'kind'")
        return None
    kind = data.get("kind")
    rule_class = RULE_KINDS.get(kind) if isinstance(kind, str) else None
    if rule_class is None:
        site.report(f"unknown rule kind {kind!r}; expected one of {', '.join(RULE_KINDS)}",
                    "kind")
        return None
    for key in data:
        if key != "kind" and key not in rule_class.fields:
            site.report(f"unknown field for a {kind} rule; expected one of "
                        f"{', '.join(sorted(rule_class.fields))}", key)
    before = len(site.problems)
    rule = rule_class.from_yaml(data, site)
    return rule if len(site.problems) == before else None


def _id_list(data: Mapping[str, Any], key: str, site: RuleSite, known: Mapping[str, Any],
             what: str, required: bool = True) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        if required:
            site.report(f"missing {key}", key)
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        site.report(f"{key} must be a non-empty list of {what} ids", key)
        return ()
    for index, item in enumerate(value):
        if item not in known:
            site.report(f"unknown {what} {item!r}", key, index)
    return tuple(str(v) for v in value)


def _quote(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class ObservedRule(Rule):
    """The interviewer ticked a flag on the scorecard."""

    kind = "observed"
    fields = frozenset({"flag"})

    def __init__(self, flag: str, label: str) -> None:
        self.flag, self.label = flag, label

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        flag = data.get("flag", site.flag)
        if flag not in site.scope.flags:
            site.report(f"unknown flag {flag!r}", "flag")
            return None
        return cls(flag, site.scope.flags[flag])

    def evaluate(self, context: ScorecardContext) -> Match | None:
        if self.flag in context.observed:
            return Match("interviewer", f'interviewer ticked "{self.label}"')
        return None

    def describe(self) -> str:
        return f'the interviewer ticked "{self.label}"'


class ProbeRule(Rule):
    """A tap-answer probe was answered with one of some options."""

    kind = "probe"
    fields = frozenset({"probe", "in"})

    def __init__(self, probe: str, question: str, options: Mapping[str, str]) -> None:
        self.probe, self.question, self.options = probe, question, options

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        probe = data.get("probe")
        if probe not in site.scope.probes:
            site.report(f"unknown probe {probe!r}", "probe")
            return None
        known = site.scope.probe_options[probe]
        options = _id_list(data, "in", site, known, f"option of probe {probe}")
        return cls(probe, site.scope.probes[probe], {o: known.get(o, o) for o in options})

    def evaluate(self, context: ScorecardContext) -> Match | None:
        answer = context.scorecard.probes.get(self.probe)
        if answer in self.options:
            return Match("probe", f'probe "{self.question}" answered "{self.options[answer]}"')
        return None

    def describe(self) -> str:
        labels = " or ".join(f'"{label}"' for label in self.options.values())
        return f'probe "{self.question}" answered {labels}'


class RatingRule(Rule):
    """A criterion was rated at most or at least some point; "no signal" never matches."""

    kind = "rating"
    fields = frozenset({"criterion", "at_most", "at_least"})

    def __init__(self, criterion: str, name: str, at_most: int | None,
                 at_least: int | None) -> None:
        self.criterion, self.name = criterion, name
        self.at_most, self.at_least = at_most, at_least

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        criterion = data.get("criterion")
        if criterion not in site.scope.criteria:
            site.report(f"unknown criterion {criterion!r}", "criterion")
        bounds: dict[str, int | None] = {}
        for key in ("at_most", "at_least"):
            value = data.get(key)
            if value is not None and value not in RATING_POINTS:
                site.report("must be a rating point 1-4", key)
            bounds[key] = value
        if bounds["at_most"] is None and bounds["at_least"] is None:
            site.report("a rating rule needs at_most or at_least")
        return cls(str(criterion), site.scope.criteria.get(criterion, str(criterion)),
                   bounds["at_most"], bounds["at_least"])

    def evaluate(self, context: ScorecardContext) -> Match | None:
        rating = context.scorecard.ratings.get(self.criterion)
        if not isinstance(rating, int) or isinstance(rating, bool):
            return None
        if self.at_most is not None and rating > self.at_most:
            return None
        if self.at_least is not None and rating < self.at_least:
            return None
        return Match("ratings", f'"{self.name}" rated {rating} ({self._bound()})')

    def _bound(self) -> str:
        parts = []
        if self.at_least is not None:
            parts.append(f"≥ {self.at_least}")
        if self.at_most is not None:
            parts.append(f"≤ {self.at_most}")
        return " and ".join(parts)

    def describe(self) -> str:
        return f'"{self.name}" rated {self._bound()}'


# Placeholders interviewers type when they have nothing to record.
_PLACEHOLDER = re.compile(r"^\s*(?:|-+|n/?a|none|nothing|idk|tbd|\?+|\.+)\s*$", re.IGNORECASE)


class MissingEvidenceRule(Rule):
    """No evidence was written for any of some criteria (blank or a placeholder)."""

    kind = "missing_evidence"
    fields = frozenset({"criteria"})

    def __init__(self, criteria: Mapping[str, str]) -> None:
        self.criteria = criteria

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        ids = _id_list(data, "criteria", site, site.scope.criteria, "criterion")
        return cls({c: site.scope.criteria.get(c, c) for c in ids})

    def evaluate(self, context: ScorecardContext) -> Match | None:
        for criterion, name in self.criteria.items():
            text = context.scorecard.evidence.get(criterion, "")
            if _PLACEHOLDER.match(text or ""):
                shown = f' ("{text.strip()}")' if text and text.strip() else ""
                return Match("evidence", f'no evidence recorded for "{name}"{shown}')
        return None

    def describe(self) -> str:
        return "no evidence recorded for " + " or ".join(f'"{n}"' for n in self.criteria.values())


def _mostly(reading: ConceptReading, states: tuple[str, ...]) -> bool:
    """Whether a concept is spoken of in these states more often than positively."""
    against = sum(m.state in states for m in reading.mentions)
    return against > sum(m.state == POSITIVE for m in reading.mentions)


class TextRule(Rule):
    """Free text (notes and/or evidence) speaks of concepts in a given way.

    All given conditions must hold: every `mentions` concept is spoken of positively somewhere;
    every `lacks` concept is absent, negated or hollow; every `mostly_lacks` concept is absent
    or said to be missing more often than it is spoken of ("power? no. guardrails? no. 'until
    it's significant'"); at least one `negates` concept is
    negated or hollow and never positive; at least one `hollow` concept is named without
    substance and never positive; at least one `phrases` pattern matches a clause.
    """

    kind = "text"
    fields = frozenset({"in", "criteria", "mentions", "lacks", "mostly_lacks", "negates",
                        "hollow", "phrases"})

    def __init__(self, notes: bool, criteria: tuple[str, ...] | None,
                 conditions: Mapping[str, tuple[str, ...]],
                 phrases: tuple[re.Pattern[str], ...]) -> None:
        self.notes, self.criteria = notes, criteria
        self.mentions = conditions.get("mentions", ())
        self.lacks = conditions.get("lacks", ())
        self.mostly_lacks = conditions.get("mostly_lacks", ())
        self.negates = conditions.get("negates", ())
        self.hollow = conditions.get("hollow", ())
        self.phrases = phrases

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        where = data.get("in", ["notes", "evidence"])
        where = [where] if isinstance(where, str) else where
        if not isinstance(where, list) or not where or \
                any(w not in ("notes", "evidence") for w in where):
            site.report("in must list notes and/or evidence", "in")
            where = ["notes", "evidence"]
        criteria = None
        if "criteria" in data:
            criteria = _id_list(data, "criteria", site, site.scope.criteria, "criterion")
        elif "evidence" not in where:
            criteria = ()
        conditions = {key: _id_list(data, key, site, CONCEPTS, "concept", required=False)
                      for key in ("mentions", "lacks", "mostly_lacks", "negates", "hollow")}
        phrases: list[re.Pattern[str]] = []
        raw = data.get("phrases", [])
        if not isinstance(raw, list):
            site.report("phrases must be a list of patterns", "phrases")
            raw = []
        for index, pattern in enumerate(raw):
            try:
                phrases.append(re.compile(r"(?<!\w)(?:" + str(pattern) + r")(?!\w)"))
            except re.error as exc:
                site.report(f"invalid pattern: {exc}", "phrases", index)
        if not (conditions["mentions"] or conditions["negates"] or conditions["hollow"]
                or raw):
            # A rule of absences alone would fire on empty notes and could quote nothing.
            site.report("a text rule needs mentions, negates, hollow or phrases")
        return cls("notes" in where, criteria, conditions, tuple(phrases))

    def evaluate(self, context: ScorecardContext) -> Match | None:
        analysis = context.analysis(self.notes, self.criteria)
        quotes: list[Mention] = []
        parts: list[str] = []
        for concept in self.mentions:
            mention = analysis.reading(concept).first(POSITIVE)
            if mention is None:
                return None
            quotes.append(mention)
        for concept in self.lacks:
            if analysis.reading(concept).state == POSITIVE:
                return None
        for concept in self.mostly_lacks:
            said = [m.state == POSITIVE for m in analysis.reading(concept).mentions]
            if said.count(True) >= max(said.count(False), 1):
                return None
        if self.negates or self.hollow:
            wanted = [(c, (NEGATED, HOLLOW)) for c in self.negates] + \
                     [(c, (HOLLOW,)) for c in self.hollow]
            # The weight of the notes decides: "dashboards" once against "no alerts, no SLOs"
            # is a concept mostly said to be missing.
            hit = next((m for c, states in wanted
                        if (m := analysis.reading(c).first(*states)) is not None
                        and _mostly(analysis.reading(c), states)), None)
            if hit is None:
                return None
            quotes.insert(0, hit)
            only = "only" if analysis.reading(hit.concept).state != POSITIVE else "mostly"
            word = f"{only} without substance" if hit.state == HOLLOW else f"{only} negatively"
            parts.append(f"{CONCEPT_LABELS[hit.concept]} mentioned {word}")
        phrase_clause = None
        if self.phrases:
            phrase_clause = next((clause for clause in analysis.clauses
                                  for pattern in self.phrases if pattern.search(clause.text)),
                                 None)
            if phrase_clause is None:
                return None
        lead = phrase_clause if phrase_clause is not None else quotes[0].clause
        if self.lacks:
            parts.append(", ".join(CONCEPT_LABELS[c] for c in self.lacks)
                         + " never mentioned positively")
        if self.mostly_lacks:
            parts.append(", ".join(CONCEPT_LABELS[c] for c in self.mostly_lacks)
                         + " mostly missing")
        if self.mentions:
            said = "; ".join(f'"{m.term}"' for m in quotes if m.state == POSITIVE)
            parts.append("while " + " and ".join(CONCEPT_LABELS[c] for c in self.mentions)
                         + f" came up ({said})")
        if phrase_clause is not None and not parts:
            parts.append("a known weak-signal phrase")
        source = "notes" if lead.origin == "notes" else "evidence"
        return Match(source, f'{lead.origin}: "{_quote(lead.text)}" — ' + ", ".join(parts))

    def describe(self) -> str:
        parts = []
        if self.mentions:
            parts.append("text mentions " + " and ".join(CONCEPT_LABELS[c] for c in self.mentions))
        if self.lacks:
            parts.append("never positively " + ", ".join(CONCEPT_LABELS[c] for c in self.lacks))
        if self.mostly_lacks:
            parts.append("mostly without " + ", ".join(CONCEPT_LABELS[c]
                                                       for c in self.mostly_lacks))
        if self.negates:
            parts.append("negates " + " or ".join(CONCEPT_LABELS[c] for c in self.negates))
        if self.hollow:
            parts.append("names " + " or ".join(CONCEPT_LABELS[c] for c in self.hollow)
                         + " without substance")
        if self.phrases:
            parts.append("matches a weak-signal phrase")
        return "; ".join(parts)


class _Combinator(Rule):
    fields = frozenset({"rules"})

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        items = data.get("rules")
        if not isinstance(items, list) or not items:
            site.report(f"an {cls.kind} rule needs a non-empty list of rules", "rules")
            return None
        built = [build_rule(item, site.at("rules", i)) for i, item in enumerate(items)]
        if any(rule is None for rule in built):
            return None
        if all(isinstance(rule, NotRule) for rule in built):
            site.report("a combinator of only 'not' rules has nothing to quote", "rules")
        return cls(tuple(r for r in built if r is not None))


class AnyRule(_Combinator):
    """At least one sub-rule holds; every one that holds is quoted."""

    kind = "any"

    def evaluate(self, context: ScorecardContext) -> Match | None:
        matches = [m for m in (rule.evaluate(context) for rule in self.rules) if m]
        if not matches:
            return None
        return Match(_first_source(matches), "; ".join(m.because for m in matches))

    def describe(self) -> str:
        return "any of: " + " | ".join(rule.describe() for rule in self.rules)


class AllRule(_Combinator):
    """Every sub-rule holds."""

    kind = "all"

    def evaluate(self, context: ScorecardContext) -> Match | None:
        matches = []
        for rule in self.rules:
            match = rule.evaluate(context)
            if match is None:
                return None
            matches.append(match)
        return Match(_first_source(matches), " and ".join(m.because for m in matches))

    def describe(self) -> str:
        return "all of: " + " & ".join(rule.describe() for rule in self.rules)


class NotRule(Rule):
    """A sub-rule does not hold; only meaningful inside all/any."""

    kind = "not"
    fields = frozenset({"rule"})

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @classmethod
    def from_yaml(cls, data: Mapping[str, Any], site: RuleSite) -> Rule | None:
        inner = build_rule(data.get("rule"), site.at("rule"))
        return cls(inner) if inner is not None else None

    def evaluate(self, context: ScorecardContext) -> Match | None:
        if self.rule.evaluate(context) is not None:
            return None
        return Match(None, f"not ({self.rule.describe()})")

    def describe(self) -> str:
        return f"not ({self.rule.describe()})"


def _first_source(matches: list[Match]) -> str | None:
    return next((m.source for m in matches if m.source is not None), None)


RULE_KINDS: dict[str, type[Rule]] = {
    "observed": ObservedRule,
    "probe": ProbeRule,
    "rating": RatingRule,
    "missing_evidence": MissingEvidenceRule,
    "text": TextRule,
    "any": AnyRule,
    "all": AllRule,
    "not": NotRule,
}


@dataclass(frozen=True)
class FlagRule:
    """A rubric's rule for raising one flag in its round."""

    id: str
    flag: str
    when: Rule


def build_flag_rule(data: Any, site: RuleSite) -> FlagRule | None:
    """Build one `flag_rules` entry ({id, flag, when}); report problems at the site."""
    if not isinstance(data, Mapping):
        site.report("a flag rule must be a mapping with id, flag and when")
        return None
    for key in data:
        if key not in ("id", "flag", "when"):
            site.report("unknown field; expected id, flag, when", key)
    rule_id, flag = data.get("id"), data.get("flag")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", rule_id):
        site.report("id must be a lowercase slug", "id")
    if flag not in site.scope.flags:
        site.report(f"unknown flag {flag!r}", "flag")
        return None
    site = RuleSite(site.doc, site.path, site.scope, site.problems, str(flag))
    if "when" not in data:
        site.report("missing when", "when")
        return None
    when = build_rule(data["when"], site.at("when"))
    if isinstance(when, NotRule):
        site.report("a lone 'not' rule raises a flag from nothing; combine it with all",
                    "when", "kind")
        return None
    if when is None or not isinstance(rule_id, str):
        return None
    return FlagRule(rule_id, str(flag), when)


# --------------------------------------------------------------------------------------
# The engine.
# --------------------------------------------------------------------------------------

_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}


def raise_flags(rubric_set: RubricSet, scorecard: ScorecardInput) -> tuple[RaisedFlag, ...]:
    """Return the flags a scorecard raises, one per flag id, most severe first."""
    rubric = rubric_set.for_round(scorecard.round)
    applicable = {f.id: f for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                         scorecard.level)}
    context = ScorecardContext(scorecard)
    reasons: dict[str, list[tuple[str, str, str]]] = {}
    for flag_id in dict.fromkeys(scorecard.observed):
        if flag_id in applicable:
            label = applicable[flag_id].label
            reasons.setdefault(flag_id, []).append(
                ("interviewer", f'interviewer ticked "{label}"', "observed"))
    for flag_rule in rubric.flag_rules:
        if flag_rule.flag not in applicable:
            continue
        match = flag_rule.when.evaluate(context)
        if match is not None:
            reasons.setdefault(flag_rule.flag, []).append(
                (match.source or "notes", match.because, flag_rule.id))
    raised = []
    for flag_id, found in reasons.items():
        # Structured answers outrank text matches; the interviewer's own tick outranks all.
        found.sort(key=lambda reason: _SOURCE_RANK[reason[0]])
        definition = applicable[flag_id]
        raised.append(RaisedFlag(
            id=flag_id, label=definition.label,
            severity=definition.severity_for(scorecard.level) or "info",
            source=found[0][0], because="; ".join(r[1] for r in found),
            rule=", ".join(r[2] for r in found)))
    raised.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.id))
    return tuple(raised)


class ScorecardError(ValueError):
    """A scorecard payload is malformed; the message starts with the field it concerns."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(f"{field_name}: {message}")


_SCORECARD_FIELDS = ("round", "lane", "level", "notes", "evidence", "probes", "ratings",
                     "observed")


def parse_scorecard(data: Any) -> ScorecardInput:
    """Build a ScorecardInput from decoded JSON; raise ScorecardError naming the bad field."""
    if not isinstance(data, Mapping):
        raise ScorecardError("scorecard", "must be a JSON object")
    for key in data:
        if key not in _SCORECARD_FIELDS:
            raise ScorecardError(str(key),
                                 f"unknown field; expected {', '.join(_SCORECARD_FIELDS)}")
    for key in ("round", "lane", "level"):
        if key not in data:
            raise ScorecardError(key, "missing")
        if not isinstance(data[key], str):
            raise ScorecardError(key, "must be a string")
    notes = data.get("notes") or ""
    if not isinstance(notes, str):
        raise ScorecardError("notes", "must be a string")
    text_maps = {}
    for key in ("evidence", "probes"):
        value = data.get(key) or {}
        if not isinstance(value, Mapping):
            raise ScorecardError(key, "must be an object")
        for item_key, item in value.items():
            if not isinstance(item, str):
                raise ScorecardError(f"{key}.{item_key}", "must be a string")
        text_maps[key] = MappingProxyType(dict(value))
    ratings = data.get("ratings") or {}
    if not isinstance(ratings, Mapping):
        raise ScorecardError("ratings", "must be an object")
    for criterion, rating in ratings.items():
        if rating is not None and (isinstance(rating, bool) or rating not in RATING_POINTS):
            raise ScorecardError(f"ratings.{criterion}", f"must be 1-4 or null, got {rating!r}")
    observed = data.get("observed") or []
    if not isinstance(observed, list) or not all(isinstance(f, str) for f in observed):
        raise ScorecardError("observed", "must be a list of flag ids")
    return ScorecardInput(
        round=data["round"], lane=data["lane"], level=data["level"], notes=notes,
        evidence=text_maps["evidence"], probes=text_maps["probes"],
        ratings=MappingProxyType(dict(ratings)), observed=tuple(observed))


def validate_scorecard(rubric_set: RubricSet, scorecard: ScorecardInput) -> list[str]:
    """Return what is wrong with a scorecard's ids and ratings, each naming its field."""
    from .catalog import LANE_IDS, LEVEL_IDS, ROUND_IDS

    errors: list[str] = []
    if scorecard.round not in ROUND_IDS or scorecard.round not in rubric_set.rubrics:
        errors.append(f"round: unknown round {scorecard.round!r}")
    if scorecard.lane not in LANE_IDS:
        errors.append(f"lane: unknown lane {scorecard.lane!r}")
    if scorecard.level not in LEVEL_IDS:
        errors.append(f"level: unknown level {scorecard.level!r}")
    if not isinstance(scorecard.notes, str):
        errors.append("notes: must be text")
    rubric = rubric_set.rubrics.get(scorecard.round)
    if rubric is not None:
        criteria = {c.id for c in rubric.criteria}
        for criterion, text in scorecard.evidence.items():
            if criterion not in criteria:
                errors.append(f"evidence.{criterion}: unknown criterion for {rubric.round}")
            elif not isinstance(text, str):
                errors.append(f"evidence.{criterion}: must be text")
        for criterion, rating in scorecard.ratings.items():
            if criterion not in criteria:
                errors.append(f"ratings.{criterion}: unknown criterion for {rubric.round}")
            elif rating is not None and (isinstance(rating, bool) or rating not in RATING_POINTS):
                errors.append(f"ratings.{criterion}: rating must be 1-4 or null, got {rating!r}")
        probes = {p.id: p for p in rubric.probes}
        for probe_id, answer in scorecard.probes.items():
            if probe_id not in probes:
                errors.append(f"probes.{probe_id}: unknown probe for {rubric.round}")
            elif answer not in {o.id for o in probes[probe_id].options}:
                errors.append(f"probes.{probe_id}: unknown option {answer!r}")
    applicable: set[str] = set()
    if not any(e.startswith(("round:", "lane:", "level:")) for e in errors):
        applicable = {f.id for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                         scorecard.level)}
    for index, flag_id in enumerate(scorecard.observed):
        if flag_id not in rubric_set.flags:
            errors.append(f"observed[{index}]: unknown flag {flag_id!r}")
        elif applicable and flag_id not in applicable:
            errors.append(f"observed[{index}]: flag {flag_id!r} does not apply to "
                          f"{scorecard.round}/{scorecard.lane}/{scorecard.level}")
    return errors
