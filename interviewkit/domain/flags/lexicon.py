"""What interviewers write about each topic, and the words that negate, hollow or ask.

Each concept is a list of regex fragments matched on lowercased text between non-word
boundaries; the cue lists say which words negate a concept (before or after it), which make a
mention hollow ("buzzwords only") and which break a negation's reach inside a clause.
"""

from __future__ import annotations

import re

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
        r"what called what", r"(?:what|which) (?:called|calls|talked to|talks to|fed|feeds) "
        r"(?:what|which)",
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
    "llm_building": (
        r"fine-?tun\w*", r"rag", r"retrieval[- ]augmented(?: generation)?", r"llm apis?",
        r"(?:openai|anthropic|gemini|bedrock|azure openai)(?: api)?", r"gpt-?[\w.]*",
        r"prompt(?:s|ing| design| engineering)?", r"embeddings?",
        r"vector (?:db|store|search|index)", r"lora", r"context window", r"in-context",
    ),
    "agents": (
        r"agents?", r"agentic", r"tool[- ]?(?:calls?|calling|use)", r"multi-?step",
        r"(?:infinite|runaway|endless) loops?", r"prompt injection", r"planner",
        r"function calling",
    ),
    "safety": (
        r"fail(?:ure)?[- ]?modes?", r"fall ?backs?", r"fell back", r"falls? back",
        r"kill[- ]?switch\w*", r"circuit[- ]?breakers?", r"graceful\w*",
        r"safe (?:defaults?|fallbacks?|mode)", r"last[- ]known[- ]good", r"timeouts?",
        r"retr(?:y|ies)", r"rate[- ]limit\w*",
        r"human[- ]in[- ]the[- ]loop", r"(?:route|handoff|hand off|escalat\w*) to (?:a )?human",
        r"roll-?backs?", r"roll(?:ed)? back", r"error handling", r"handl\w* errors?",
        r"input validation", r"validat\w* (?:inputs?|payloads?|the output)",
        r"(?:output|safety|content|llm|agent|tool) guardrails?", r"guardrails? (?:on|for|around)"
        r" (?:the )?(?:outputs?|llm|model|agent|tools?|actions?)",
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
    "llm_building": "building on LLMs", "agents": "agents and tool use",
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
    r"in passing", r"lip service", r"tool names", r"list of tools", r"like a list",
    r"laundry list", r"fell apart",
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
