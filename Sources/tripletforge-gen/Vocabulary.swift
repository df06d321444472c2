/// The words generated prose and queries are made of.
///
/// Mostly plain English documentation vocabulary, with the things real corpora contain and naive
/// pipelines trip over: accented Latin (`naïve`, `Zürich`), CJK (`東京`), emoji (astral code points,
/// so surrogate pairs in `\u` escapes), typographic quotes and dashes.
enum Vocabulary {
    static let common: [String] = """
    the a an of to in for on with by from at as is are was be been can will should must may \
    this that these those it its their your our which when where while after before during \
    system service request response server client user account account's data record file \
    index query answer passage document section page table column row value field key token \
    cache queue worker job batch stream event message thread session window buffer limit \
    default option setting flag parameter version release upgrade migration backup restore \
    error warning failure retry timeout latency throughput memory disk network region zone \
    cluster node replica shard partition snapshot checkpoint log metric alert dashboard report \
    configure enable disable create delete update read write send receive open close start stop \
    run deploy install remove rotate renew verify validate check compare merge split filter sort \
    quickly slowly usually rarely always never often only also still already again instead \
    new old large small fast slow safe secure public private internal external primary secondary \
    first last next previous daily weekly monthly hourly automatic manual optional required \
    administrator operator developer customer team project workspace organisation tenant plan \
    billing invoice payment refund subscription license quota usage storage bandwidth compute
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let unusual: [String] = [
        "naïve", "café", "Zürich", "São Paulo", "Kraków", "Ærø", "façade", "coöperate", "résumé",
        "smörgåsbord", "Straße", "über", "東京", "大阪", "データ", "検索", "Ελλάδα", "Москва",
        "—", "–", "…", "½", "°C", "€", "£", "™", "✓", "→",
    ]

    static let emoji: [String] = ["🚀", "✅", "⚠️", "🔒", "📦", "🙂", "🇨🇭", "👩‍💻"]

    static let titles: [String] = [
        "Admin Guide", "User Manual", "API Reference", "Release Notes", "Security Handbook",
        "Operations Runbook", "Billing FAQ", "Getting Started", "Troubleshooting", "Data Retention Policy",
        "Integration Guide", "Café Ops Manual", "Zürich Office Handbook", "東京 Region Notes",
    ]

    static let sections: [String] = [
        "Overview", "Installation", "Configuration", "Authentication", "Backups", "Monitoring",
        "Limits", "Pricing", "Migration", "Known Issues", "FAQ", "Glossary", "Networking", "Storage",
    ]

    // Query slots. No 'ß' or other letters whose case mapping changes length: a query's variants
    // must normalise to the same key under both Unicode case folding and Python's str.lower().
    static let verbs: [String] = [
        "configure", "enable", "disable", "reset", "rotate", "export", "import", "delete", "restore",
        "back up", "migrate", "monitor", "limit", "share", "encrypt", "renew", "upgrade", "debug",
        "schedule", "audit", "invite", "connect", "sync", "archive", "rename",
    ]

    static let adjectives: [String] = [
        "API", "SSO", "nightly", "shared", "primary", "read-only", "encrypted", "legacy", "team",
        "billing", "staging", "production", "regional", "café", "Zürich", "東京", "naïve", "audit",
        "webhook", "guest", "admin", "archived", "default", "custom",
    ]

    static let nouns: [String] = [
        "keys", "passwords", "backups", "users", "invoices", "webhooks", "dashboards", "alerts",
        "tokens", "workspaces", "reports", "exports", "logs", "snapshots", "replicas", "quotas",
        "certificates", "domains", "roles", "permissions", "projects", "pipelines", "indexes",
        "filters", "sessions", "Bayes filters", "menus", "calendars", "regions", "buckets",
    ]

    static let products: [String] = [
        "Forge Cloud", "the admin console", "the CLI", "the mobile app", "Forge Desktop",
        "the REST API", "the Zürich tenant", "the 東京 region", "the café kiosk", "Forge Server",
    ]
}
