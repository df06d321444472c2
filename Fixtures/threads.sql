-- The threads fixture: a RAG assistant's threads, with sentiment + category feedback per user.
-- Rebuild Fixtures/threads.sqlite with: Fixtures/make-fixtures.sh
-- Hand-written threads (t-*) exercise each rule; generated threads (gen-*) give volume, so the
-- few bad records stay under the default reject ratio and both splits get query groups.
-- Every SENTINEL-* value sits in a column that must never reach a shard.
PRAGMA journal_mode = DELETE;
CREATE TABLE messages (
  thread_id TEXT NOT NULL, sequence_num INTEGER NOT NULL,
  role TEXT NOT NULL, status TEXT, text TEXT, created TEXT NOT NULL,
  forked_from_thread_id TEXT, forked_from_sequence_num INTEGER,
  PRIMARY KEY (thread_id, sequence_num));
CREATE TABLE retrieved_chunks (
  thread_id TEXT NOT NULL, message_sequence_num INTEGER NOT NULL, rank INTEGER NOT NULL,
  chunk_id TEXT, text TEXT NOT NULL, contextualised_text TEXT, chunk_type TEXT,
  score REAL, cited INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (thread_id, message_sequence_num, rank));
CREATE TABLE feedback (
  feedback_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, message_sequence_num INTEGER NOT NULL,
  org_id TEXT, created_by TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,
  sentiment TEXT NOT NULL, categories TEXT, notes TEXT,
  admin_label TEXT, admin_note TEXT, resolved INTEGER NOT NULL DEFAULT 0, resolved_by TEXT, resolved_at TEXT,
  UNIQUE (thread_id, message_sequence_num, created_by));

-- "What is RAG?": three users rate the answer (2 positive, 1 negative: positive wins), and a fork
-- of the thread repeats the exchange, where a fourth user rates the copy (merged, not a new signal).
INSERT INTO messages VALUES
('t-rag', 0, 'user', 'completed', 'What is RAG?', '2026-01-05T09:00:00Z', NULL, NULL),
('t-rag', 1, 'assistant', 'completed', 'RAG retrieves passages before generating [2].', '2026-01-05T09:00:02Z', NULL, NULL),
('t-rag-fork', 0, 'user', 'completed', 'What is RAG?', '2026-01-05T09:00:00Z', 't-rag', 1),
('t-rag-fork', 1, 'assistant', 'completed', 'RAG retrieves passages before generating [2].', '2026-01-05T09:00:02Z', 't-rag', 1),
('t-rag-fork', 2, 'user', 'completed', 'Which retriever does it use?', '2026-01-06T10:00:00Z', 't-rag', 1),
('t-rag-fork', 3, 'tool', 'completed', '{"search": "retriever"}', '2026-01-06T10:00:01Z', 't-rag', 1),
('t-rag-fork', 4, 'assistant', 'completed', 'It uses BM25.', '2026-01-06T10:00:03Z', 't-rag', 1),
('t-rag-bad', 0, 'user', 'completed', '  what is rag ', '2026-01-07T11:00:00Z', NULL, NULL),
('t-rag-bad', 1, 'assistant', 'completed', 'RAG is a rock band.', '2026-01-07T11:00:02Z', NULL, NULL);
INSERT INTO retrieved_chunks VALUES
('t-rag', 1, 0, 'sum-1', 'A summary of retrieval topics.', NULL, 'raptor_summary', 0.91, 0),
('t-rag', 1, 1, 'doc-7', 'Retrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.',
 'Glossary › RAG' || char(10) || 'Retrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.', NULL, 0.88, 1),
('t-rag', 1, 2, 'doc-99', 'RAG is a cloth used for cleaning.', NULL, 'leaf', 0.40, 0),
('t-rag-fork', 4, 0, 'doc-50', 'The retriever is a dense bi-encoder with a cross-encoder reranker.', NULL, 'leaf', 0.52, 0),
('t-rag-fork', 4, 1, 'doc-51', 'BM25 is a bag-of-words ranking function.', NULL, 'leaf', 0.81, 1),
('t-rag-fork', 4, 2, NULL, 'Which retriever does it use?', NULL, 'question_proxy', 0.95, 0),
('t-rag-bad', 1, 0, 'doc-31', 'The Ragged Trousered Philanthropists is a novel by Robert Tressell.', NULL, 'leaf', 0.55, 0),
('t-rag-bad', 1, 1, 'doc-32', 'Rag-time music: a "ragged" rhythm — syncopation in 2/4 time.', NULL, 'leaf', 0.50, 0);
INSERT INTO feedback VALUES
('f-1', 't-rag', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-alice-7f3a', '2026-01-05T09:01:00Z', '2026-01-05T09:01:00Z', NULL,
 'positive', '["correct"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-2', 't-rag', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-bob-7f3a', '2026-01-05T09:02:00Z', '2026-01-05T09:02:00Z', NULL,
 'positive', '["helpful","good_tool_use","helpful"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-3', 't-rag', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-carol-7f3a', '2026-01-05T09:03:00Z', '2026-01-05T09:03:00Z', NULL,
 'negative', '["incorrect"]', 'SENTINEL-NOTES-7f3a', NULL, NULL, 0, NULL, NULL),
('f-4', 't-rag-fork', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-dave-7f3a', '2026-01-06T09:00:00Z', '2026-01-06T09:00:00Z', NULL,
 'positive', '["other"]', 'SENTINEL-NOTES-7f3a: explained it well', 'reviewed', 'SENTINEL-ADMIN-NOTE-7f3a', 1, 'SENTINEL-ADMIN-7f3a', '2026-01-07T00:00:00Z'),
-- The same question elsewhere, answered badly: hard negatives for the "What is RAG?" group.
('f-6', 't-rag-bad', 1, NULL, 'SENTINEL-USER-erin-7f3a', '2026-01-07T11:01:00Z', '2026-01-07T11:01:00Z', NULL,
 'negative', '["incorrect","formatting"]', NULL, NULL, NULL, 0, NULL, NULL),
-- The fork's own answer: "incomplete" votes against its leaves.
('f-5', 't-rag-fork', 4, NULL, 'SENTINEL-USER-dave-7f3a', '2026-01-06T10:05:00Z', '2026-01-06T10:05:00Z', 'SENTINEL-MODIFIER-7f3a',
 'negative', '["incomplete"]', NULL, NULL, NULL, 0, NULL, NULL);

-- Votes that cancel out (1–1): no signal. Delivery-only negatives: no hard negatives.
-- `other` and no category on a negative: hard negatives. Messages that are not completed: skipped.
INSERT INTO messages VALUES
('t-tie', 0, 'user', 'completed', 'Is the API rate limited?', '2026-01-08T08:00:00Z', NULL, NULL),
('t-tie', 1, 'assistant', 'completed', 'Yes.', '2026-01-08T08:00:01Z', NULL, NULL),
('t-delivery', 0, 'user', 'completed', 'How do I export a report?', '2026-01-08T09:00:00Z', NULL, NULL),
('t-delivery', 1, 'assistant', 'completed', 'Use Export [1].', '2026-01-08T09:00:01Z', NULL, NULL),
('t-delivery', 2, 'user', 'completed', 'And as PDF?', '2026-01-08T09:01:00Z', NULL, NULL),
('t-delivery', 3, 'assistant', 'completed', 'I cannot help with that.', '2026-01-08T09:01:01Z', NULL, NULL),
('t-delivery', 4, 'user', 'completed', 'Export to CSV?', '2026-01-08T09:02:00Z', NULL, NULL),
('t-delivery', 5, 'assistant', 'completed', 'Call the export tool.', '2026-01-08T09:02:01Z', NULL, NULL),
('t-other', 0, 'user', 'completed', 'Where is the audit log?', '2026-01-09T09:00:00Z', NULL, NULL),
('t-other', 1, 'assistant', 'completed', 'In Billing.', '2026-01-09T09:00:01Z', NULL, NULL),
('t-nocat', 0, 'user', 'completed', 'How long are backups kept?', '2026-01-09T10:00:00Z', NULL, NULL),
('t-nocat', 1, 'assistant', 'completed', 'Forever.', '2026-01-09T10:00:01Z', NULL, NULL),
('t-pending', 0, 'user', 'completed', 'Summarise the changelog.', '2026-01-10T10:00:00Z', NULL, NULL),
('t-pending', 1, 'assistant', 'generating', 'The changelog', '2026-01-10T10:00:01Z', NULL, NULL),
('t-pending', 2, 'user', 'completed', 'Try again.', '2026-01-10T10:01:00Z', NULL, NULL),
('t-pending', 3, 'assistant', 'failed', NULL, '2026-01-10T10:01:01Z', NULL, NULL);
INSERT INTO retrieved_chunks VALUES
('t-tie', 1, 0, 'api-1', 'Requests are limited to 100 per minute per key.', NULL, 'leaf', 0.90, 0),
('t-delivery', 1, 0, 'exp-1', 'Reports are exported from the Reports page with the Export button.', NULL, 'leaf', 0.93, 1),
('t-delivery', 1, 1, 'exp-2', 'Dashboards can be shared by link.', NULL, 'leaf', 0.41, 0),
('t-delivery', 3, 0, 'exp-3', 'Reports can be exported as PDF, CSV or XLSX.', NULL, 'leaf', 0.88, 0),
('t-delivery', 5, 0, 'exp-4', 'The export tool writes CSV files.', NULL, 'leaf', 0.84, 0),
('t-other', 1, 0, 'bill-1', 'Invoices are listed under Billing.', NULL, 'leaf', 0.60, 0),
('t-other', 1, 1, 'sec-1', 'The audit log is under Settings › Security › Audit.', NULL, 'leaf', 0.58, 0),
('t-nocat', 1, 0, 'bk-1', 'Snapshots are taken nightly.', NULL, 'leaf', 0.66, 0),
('t-pending', 1, 0, 'chg-1', 'Release 4.2 adds SSO.', NULL, 'leaf', 0.70, 0),
('t-pending', 3, 0, 'chg-2', 'Release 4.1 fixed exports.', NULL, 'leaf', 0.70, 0);
INSERT INTO feedback VALUES
('f-10', 't-tie', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-erin-7f3a', '2026-01-08T08:01:00Z', '2026-01-08T08:01:00Z', NULL, 'positive', '["correct"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-11', 't-tie', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-frank-7f3a', '2026-01-08T08:02:00Z', '2026-01-08T08:02:00Z', NULL, 'negative', '["incorrect"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-12', 't-delivery', 1, NULL, 'SENTINEL-USER-gina-7f3a', '2026-01-08T09:00:30Z', '2026-01-08T09:00:30Z', NULL, 'negative', '["formatting","slow"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-13', 't-delivery', 3, NULL, 'SENTINEL-USER-gina-7f3a', '2026-01-08T09:01:30Z', '2026-01-08T09:01:30Z', NULL, 'negative', '["refused_valid_request","unsafe"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-14', 't-delivery', 5, NULL, 'SENTINEL-USER-gina-7f3a', '2026-01-08T09:02:30Z', '2026-01-08T09:02:30Z', NULL, 'negative', '["tool_failure"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-15', 't-other', 1, NULL, 'SENTINEL-USER-hank-7f3a', '2026-01-09T09:01:00Z', '2026-01-09T09:01:00Z', NULL, 'negative', '["other"]', 'SENTINEL-NOTES-7f3a: wrong section', NULL, NULL, 0, NULL, NULL),
('f-16', 't-nocat', 1, NULL, 'SENTINEL-USER-hank-7f3a', '2026-01-09T10:01:00Z', '2026-01-09T10:01:00Z', NULL, 'negative', NULL, NULL, NULL, NULL, 0, NULL, NULL),
('f-17', 't-pending', 1, NULL, 'SENTINEL-USER-ivan-7f3a', '2026-01-10T10:00:30Z', '2026-01-10T10:00:30Z', NULL, 'negative', '["slow"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-18', 't-pending', 3, NULL, 'SENTINEL-USER-ivan-7f3a', '2026-01-10T10:01:30Z', '2026-01-10T10:01:30Z', NULL, 'negative', '["incorrect"]', NULL, NULL, NULL, 0, NULL, NULL);

-- Admin triage: `spam` and `test` drop the record; `reviewed` (f-4 above) keeps it.
INSERT INTO messages VALUES
('t-admin', 0, 'user', 'completed', 'What is the SLA?', '2026-01-11T08:00:00Z', NULL, NULL),
('t-admin', 1, 'assistant', 'completed', '99.9%.', '2026-01-11T08:00:01Z', NULL, NULL);
INSERT INTO retrieved_chunks VALUES
('t-admin', 1, 0, 'sla-1', 'The SLA is 99.9% monthly uptime.', NULL, 'leaf', 0.95, 1);
INSERT INTO feedback VALUES
('f-20', 't-admin', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-judy-7f3a', '2026-01-11T08:01:00Z', '2026-01-11T08:01:00Z', NULL, 'negative', '["incorrect"]', 'SENTINEL-NOTES-7f3a', 'spam', 'SENTINEL-ADMIN-NOTE-7f3a', 1, 'SENTINEL-ADMIN-7f3a', '2026-01-12T00:00:00Z'),
('f-21', 't-admin', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-kim-7f3a', '2026-01-11T08:02:00Z', '2026-01-11T08:02:00Z', NULL, 'negative', '["incomplete"]', NULL, 'Test', 'SENTINEL-ADMIN-NOTE-7f3a', 0, NULL, NULL);

-- Bad records: each is quarantined with a reason and counted, never trained on.
INSERT INTO messages VALUES
('t-bad', 0, 'user', 'completed', 'Can I change my plan?', '2026-01-12T08:00:00Z', NULL, NULL),
('t-bad', 1, 'assistant', 'completed', 'Yes, in Billing.', '2026-01-12T08:00:01Z', NULL, NULL),
('t-orphan', 0, 'assistant', 'completed', 'Welcome! Ask me anything.', '2026-01-12T09:00:00Z', NULL, NULL);
INSERT INTO retrieved_chunks VALUES
('t-bad', 1, 0, 'plan-1', 'Plans are changed under Billing › Plan.', NULL, 'leaf', 0.9, 1),
('t-orphan', 0, 0, 'hello-1', 'The assistant greets new users.', NULL, 'leaf', 0.5, 0);
INSERT INTO feedback VALUES
('f-30', 't-bad', 1, NULL, 'SENTINEL-USER-b1-7f3a', '2026-01-12T08:01:00Z', '2026-01-12T08:01:00Z', NULL, 'meh', '[]', NULL, NULL, NULL, 0, NULL, NULL),
('f-31', 't-bad', 1, NULL, 'SENTINEL-USER-b2-7f3a', '2026-01-12T08:02:00Z', '2026-01-12T08:02:00Z', NULL, 'negative', '["boring"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-32', 't-bad', 1, NULL, 'SENTINEL-USER-b3-7f3a', '2026-01-12T08:03:00Z', '2026-01-12T08:03:00Z', NULL, 'positive', '["incorrect"]', NULL, NULL, NULL, 0, NULL, NULL),
('f-33', 't-bad', 1, NULL, 'SENTINEL-USER-b4-7f3a', '2026-01-12T08:04:00Z', '2026-01-12T08:04:00Z', NULL, 'negative', '["other"]', '   ', NULL, NULL, 0, NULL, NULL),
('f-34', 't-bad', 1, NULL, 'SENTINEL-USER-b5-7f3a', '2026-01-12T08:05:00Z', '2026-01-12T08:05:00Z', NULL, 'positive', 'correct', NULL, NULL, NULL, 0, NULL, NULL),
('f-35', 't-orphan', 0, NULL, 'SENTINEL-USER-b6-7f3a', '2026-01-12T09:01:00Z', '2026-01-12T09:01:00Z', NULL, 'positive', '["helpful"]', NULL, NULL, NULL, 0, NULL, NULL);

-- Volume: 150 topics. Thread gen-N answers well (cites its guide, two positive users), thread
-- gen-N-b answers badly ("incorrect"), and gen-N-fork forks gen-N after the answer, where another
-- user rates the copy; the fork's own follow-up answer stays unrated.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO messages
SELECT 'gen-' || i, 0, 'user', 'completed', printf('How do I configure feature %d?', i), printf('2026-02-%02dT10:00:00Z', 1 + i % 28), NULL, NULL FROM n
UNION ALL SELECT 'gen-' || i, 1, 'assistant', 'completed', printf('Feature %d is set in its panel [1].', i), printf('2026-02-%02dT10:00:02Z', 1 + i % 28), NULL, NULL FROM n
UNION ALL SELECT 'gen-' || i || '-fork', 0, 'user', 'completed', printf('How do I configure feature %d?', i), printf('2026-02-%02dT10:00:00Z', 1 + i % 28), 'gen-' || i, 1 FROM n
UNION ALL SELECT 'gen-' || i || '-fork', 1, 'assistant', 'completed', printf('Feature %d is set in its panel [1].', i), printf('2026-02-%02dT10:00:02Z', 1 + i % 28), 'gen-' || i, 1 FROM n
UNION ALL SELECT 'gen-' || i || '-fork', 2, 'user', 'completed', printf('What does feature %d cost?', i), printf('2026-02-%02dT10:05:00Z', 1 + i % 28), 'gen-' || i, 1 FROM n
UNION ALL SELECT 'gen-' || i || '-fork', 3, 'assistant', 'completed', 'It is included.', printf('2026-02-%02dT10:05:02Z', 1 + i % 28), 'gen-' || i, 1 FROM n
UNION ALL SELECT 'gen-' || i || '-b', 0, 'user', 'completed', printf('how do i configure feature %d', i), printf('2026-02-%02dT11:00:00Z', 1 + i % 28), NULL, NULL FROM n
UNION ALL SELECT 'gen-' || i || '-b', 1, 'assistant', 'completed', 'Feature flags are billed monthly.', printf('2026-02-%02dT11:00:02Z', 1 + i % 28), NULL, NULL FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO retrieved_chunks
SELECT 'gen-' || i, 1, 0, printf('guide-%d', i), printf('Feature %d is configured in Settings › Features › Feature %d: switch it on and pick a mode.', i, i),
       printf('Admin guide › Feature %d%sFeature %d is configured in Settings › Features › Feature %d: switch it on and pick a mode.', i, char(10), i, i), 'leaf', 0.9, 1 FROM n
UNION ALL SELECT 'gen-' || i, 1, 1, printf('notes-%d', i), printf('Feature %d was introduced in release %d.', i, 2 + i % 5), NULL, 'leaf', 0.6, 0 FROM n
UNION ALL SELECT 'gen-' || i || '-fork', 3, 0, printf('price-%d', i), printf('Feature %d is included in every plan.', i), NULL, NULL, 0.8, 1 FROM n
UNION ALL SELECT 'gen-' || i || '-b', 1, 0, printf('billing-%d', i), printf('Billing for feature %d is monthly.', i), NULL, 'leaf', 0.7, 0 FROM n
UNION ALL SELECT 'gen-' || i || '-b', 1, 1, printf('plans-%d', i), printf('Feature %d is unavailable on the free plan.', i), NULL, 'leaf', 0.65, 0 FROM n
UNION ALL SELECT 'gen-' || i || '-b', 1, 2, NULL, printf('Summary of feature %d documentation.', i), NULL, 'raptor_summary', 0.8, 0 FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO feedback (feedback_id, thread_id, message_sequence_num, org_id, created_by, created, modified, sentiment, categories, notes, admin_label, admin_note)
SELECT 'g-' || i || '-a', 'gen-' || i, 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-a-7f3a', printf('2026-02-%02dT10:01:00Z', 1 + i % 28), printf('2026-02-%02dT10:01:00Z', 1 + i % 28),
       'positive', '["correct"]', NULL, NULL, NULL FROM n
UNION ALL SELECT 'g-' || i || '-c', 'gen-' || i || '-fork', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-c-7f3a', printf('2026-02-%02dT10:02:00Z', 1 + i % 28), printf('2026-02-%02dT10:02:00Z', 1 + i % 28),
       'positive', '["helpful","good_tool_use"]', 'SENTINEL-NOTES-7f3a', NULL, NULL FROM n
UNION ALL SELECT 'g-' || i || '-b', 'gen-' || i || '-b', 1, 'SENTINEL-ORG-ID-7f3a', 'SENTINEL-USER-b-7f3a', printf('2026-02-%02dT11:01:00Z', 1 + i % 28), printf('2026-02-%02dT11:01:00Z', 1 + i % 28),
       'negative', CASE i % 3 WHEN 0 THEN '["incorrect"]' WHEN 1 THEN '["incomplete","slow"]' ELSE NULL END,
       NULL, CASE WHEN i % 10 = 0 THEN 'needs_review' END, CASE WHEN i % 10 = 0 THEN 'SENTINEL-ADMIN-NOTE-7f3a' END FROM n
UNION ALL SELECT 'g-' || i || '-d', 'gen-' || i || '-b', 1, NULL, 'SENTINEL-USER-d-7f3a', printf('2026-02-%02dT11:02:00Z', 1 + i % 28), printf('2026-02-%02dT11:02:00Z', 1 + i % 28),
       'negative', '["incorrect"]', NULL, CASE WHEN i % 15 = 0 THEN 'duplicate' END, NULL FROM n;
