"""Story texts of the feed corpus: titles as their publishers meant them (plain Unicode).

Titles are what a reader should show: the generator (make_corpus.py) writes them into feed
markup in many ways (escaped, CDATA, WordPress character references, HTML entities, raw
ampersands, legacy encodings) and records these strings, whitespace-collapsed, as the
expected titles. Nothing here is produced by a feed parser.
"""

# ruff: noqa: RUF001  (full-width punctuation is part of the CJK titles)
from __future__ import annotations

# Technology / business news headlines (ASCII-friendly, some with & and quotes).
NEWS = [
    "OpenAI says ChatGPT outage was caused by a telemetry service rollout",
    "Anthropic expands Claude availability to 95 more countries",
    "AT&T restores wireless service after nationwide outage",
    "Google Cloud apologises for the europe-west3 cooling failure",
    "Microsoft 365 users report Outlook sign-in errors for the second day",
    "Q&A: Why status pages go green while customers still see errors",
    "AWS us-east-1 incident: what we know so far",
    "Cloudflare's 27-minute outage, explained",
    "Mistral raises new funding round led by ASML",
    "Developers weigh switching LLM providers after week of API errors",
    "The real cost of a five-nines SLA",
    "Slack says messages are delayed for some enterprise workspaces",
    "GitHub Actions runners back to normal after queueing delays",
    "Black & Decker recalls 2 million cordless drills",
    "Stripe's API error rate spikes during Black Friday peak",
    "Why Gemini's latest model is 'not ready' for enterprise, analysts say",
    "Meta's Llama licence draws criticism from open-source groups",
    "R&D spending at cloud giants hits record high",
    "Inside the incident review that changed how Fastly ships config",
    "Heroku deprecates free dynos; users look for alternatives",
    "Salesforce acquires Slack rival for $1.2 billion",
    "The outage that took down half the internet: a timeline",
    "Zoom fixes bug that dropped calls for Mac users",
    "Apple's iCloud Mail down for thousands, company confirms",
    "Twilio SMS delivery delays hit two-factor logins",
    "How Discord scaled to 15 million concurrent users",
    "Perplexity answers slow as traffic surges after launch",
    "DigitalOcean droplets in NYC3 unreachable for 40 minutes",
    "Azure OpenAI Service capacity constraints frustrate customers",
    "Hugging Face Hub rate limits tightened after abuse",
    "Netlify builds failing with 'exit code 137' for some sites",
    "Datadog: 'We lost metrics for 3 hours, here's why'",
    "Atlassian Jira and Confluence outage enters its second week",
    "Vercel edge functions see elevated latency in Frankfurt",
    "Fly.io postmortem: a bad deploy and a missing circuit breaker",
    "IBM & Red Hat announce joint AI platform",
    "Cohere launches Command model for regulated industries",
    "5 lessons from Facebook's six-hour BGP outage",
    "PagerDuty study: mean time to resolve up 28% year on year",
    "Is 'AI downtime' the new normal? Companies plan for fallbacks",
    "Shopify checkout errors cost merchants during flash sale",
    "Okta says sign-in issue affected a subset of customers",
    "OpenAI's API now 99.9% available, status history shows",
    "Anthropic's Claude 3.5 Sonnet briefly returned 529 errors",
    "Linode rebrands as Akamai Cloud Computing",
    "Reddit blames outage on Kubernetes upgrade gone wrong",
    "Notion AI unavailable for 2 hours after provider incident",
    "Supabase Postgres upgrade causes brief read-only mode",
    "Why SREs love -- and hate -- error budgets",
    "Bloomberg: Nvidia H100 shortages delay cloud expansions",
    "P&G moves ERP workloads to the cloud",
    "DeepMind's Gemini Ultra tops benchmark, with caveats",
    "Tom & Jerry's creators would hate this AI cartoon",
    "Fix for CVE-2024-3094 rolls out across distros",
    "Groq's LPU inference: fast, but is it reliable?",
    "Teams calls drop as Microsoft 'investigates' networking issue",
    "HashiCorp changes Terraform licence to BSL",
    "Let's Encrypt root expiry breaks older Android devices",
    "Kubernetes 1.30 released with 45 enhancements",
    "Why the 'cloud exit' crowd is growing",
]

# Incident titles as status pages (Statuspage, incident.io, Instatus) write them.
STATUS = [
    "Elevated error rates on Claude API",
    "Degraded performance for ChatGPT",
    "Increased latency for API requests in us-east-1",
    "Partial outage: Login & signup unavailable",
    "Scheduled maintenance: database upgrade",
    "Investigating issues with GitHub Actions",
    "Incident with Git Operations",
    "Disruption with some GitHub services",
    "Webhooks delayed",
    "Elevated 5xx errors on Completions endpoint",
    "Degraded performance of file uploads",
    "Slow responses from the dashboard",
    "Service disruption in EU region",
    "Intermittent 502 errors for Workers & Pages",
    "Billing page unavailable",
    "Fine-tuning jobs stuck in queue",
    "Elevated errors for Gemini API in europe-west4",
    "Increased error rates for model 'claude-3-opus'",
    "Authentication failures for SSO customers",
    "Email notifications delayed",
    "Partial outage of search indexing",
    "DNS resolution failures in APAC",
    "Elevated errors on Assistants API",
    "Codespaces creation failing for some users",
    "Degraded availability of the Batch API",
    "Increased queue times for image generation",
    "Elevated error rate on Console & Workbench",
    "Connectivity issues in Frankfurt (FRA) data centre",
]

# Blog post titles (quotes, dashes, ampersands; the generator writes them in many ways).
BLOG = [
    "How we cut our p99 latency in half",
    "Notes on running Postgres at 1 TB",
    "Why I moved my side project off Heroku",
    "Building a status page that doesn't lie",
    "Rust & Python: a tale of two runtimes",
    "What \u201cserverless\u201d really means in 2024",
    "Five things I learned from on-call \u2014 the hard way",
    "Don\u2019t trust your health checks",
    "Week notes: migrations, mishaps & a new laptop",
    "The case for boring technology, revisited",
    "A gentle introduction to circuit breakers",
    "Caching is hard \u2013 here\u2019s why",
    "Shipping a feature flag system in 200 lines",
    "Postmortem culture: blameless isn\u2019t nameless",
    "My homelab in 2024: Proxmox, ZFS & too many cables",
    "Debugging a memory leak in Node.js",
    "Reading the SRE book, ten years later",
    "\u201cIt works on my machine\u201d: reproducible builds with Nix",
    "Load shedding for the rest of us",
    "I tried every LLM API for a month \u2014 here are the numbers",
    "Retries, timeouts & backoff: a field guide",
    "Observability on a budget",
    "SQLite is all you need (sometimes)",
    "Migrating from OpenAI to Claude: what broke",
    "The hidden cost of microservices",
    "Writing RSS feeds by hand in 2024",
    "On-call compensation: what\u2019s fair?",
    "Three years of Kubernetes \u2014 a retrospective",
    "Testing in production, safely",
    "Why our cron jobs ran twice",
]

# Release names (GitHub releases Atom).
RELEASES = [
    "v2.4.0",
    "v2.3.1: fix retry backoff",
    "Release 1.0.0 \u2013 first stable",
    "v0.9.0-beta.2",
    "3.2.0 (2024-05-01)",
    "v5.0.0 \u2014 breaking: drop Python 3.8",
    "v1.12.3",
    "Nightly & pre-release builds",
]

# Reddit post titles.
REDDIT = [
    "Is anyone else getting 529 overloaded errors from the API?",
    "ChatGPT down again? Mine just spins",
    "Switched our whole team from Copilot to Cursor, AMA",
    "PSA: the status page says operational but it's clearly not",
    "What's your fallback when your LLM provider goes down?",
    "Claude vs GPT-4o for code review \u2014 my experience",
    "Gemini API quota increased to 1,000 RPM for tier 1",
    "Anyone know why the OpenAI playground is so slow today?",
    "[Discussion] Are we too dependent on one AI vendor?",
    "Self-hosting Llama 3 70B: costs & lessons",
]

# Podcast episode titles.
PODCAST = [
    "Ep. 112: Incident command with a former FAA controller",
    "Ep. 113: The anatomy of a cloud outage",
    "Ep. 114: LLMs in production \u2014 what breaks first",
    "Ep. 115: Chaos engineering & game days",
    "Ep. 116: Status pages, trust and transparency",
    "Ep. 117: Q&A with listeners",
    "Bonus: Live from SREcon",
    "Ep. 118: Error budgets for AI features",
]

# Non-ASCII titles for the encoding variants, keyed by a charset that can encode them.
LATIN1 = [  # French, German, Spanish, Portuguese (ISO-8859-1)
    "Panne géante chez un hébergeur français : des milliers de sites inaccessibles",
    "Störung bei Microsoft: Outlook und Teams für Stunden gestört",
    "Caída de los servicios de Google en España durante dos horas",
    "Pourquoi l'IA générative coûte si cher à exploiter",
    "Größter Cloud-Ausfall des Jahres: Ursache war ein Konfigurationsfehler",
    "Los desarrolladores cambian de proveedor tras la interrupción",
    "Falha na nuvem afeta bancos e serviços públicos",
    "Ça ne marche plus : les abonnés dénoncent une panne de réseau",
    "Übernahme: Münchner KI-Start-up kauft Rechenzentrum in Zürich",
    "¿Está caído ChatGPT? Usuarios reportan errores en todo el mundo",
]
CP1252 = [  # curly quotes, euro, dashes, ellipsis (windows-1252)
    "Cloud bill hits \u20ac2 million \u2014 \u201cwe had no idea\u201d",
    "Why \u2018five nines\u2019 isn\u2019t enough\u2026",
    "Outage costs retailer \u20ac450,000 per hour \u2013 report",
    "CTO: \u201cWe\u2019ll never rely on a single AI vendor again\u201d",
    "Caf\u00e9 chain\u2019s app down after payment provider\u2019s error",
    "The \u201cgreen dashboard\u201d problem \u2014 explained",
    "Na\u00efve retries made the outage worse \u2026 here\u2019s the fix",
    "\u2022 Live: incident updates as they happen",
]
KOI8R = [  # Russian (KOI8-R)
    "Сбой в работе облачного сервиса затронул тысячи компаний",
    "Разработчики переходят на другие модели после отключения API",
    "Крупнейший провайдер объяснил причины аварии в дата-центре",
    "Почему статусные страницы не показывают реальные проблемы",
    "Новая версия нейросети доступна для всех пользователей",
    "Пользователи жалуются на ошибки входа в почту",
]
BIG5 = [  # Traditional Chinese (Big5)
    "雲端服務大規模中斷，數千家企業受影響",
    "開發者因接口故障轉向其他人工智慧模型",
    "資料中心停電導致網站無法連線數小時",
    "人工智慧聊天機器人服務恢復正常運作",
    "電信業者說明昨日網路異常的原因",
    "新版語言模型正式開放給所有用戶使用",
]
SJIS = [  # Japanese (Shift_JIS)
    "大規模なクラウド障害で多くのサービスが停止",
    "生成ＡＩのＡＰＩで応答遅延が発生、原因を調査中",
    "データセンターの冷却設備故障によりサーバーが停止",
    "チャットサービスが復旧、影響は約三時間",
    "開発者の間で別のモデルへの移行が進む",
    "通信障害について携帯各社が謝罪",
]
