-- The interactions fixture: a RAG assistant's log with thumbs ratings.
-- Rebuild Fixtures/interactions.sqlite with: Fixtures/make-fixtures.sh
-- Hand-written rows exercise each rule (ids < 1000); generated rows (ids ≥ 1000) give volume,
-- so the few bad rows stay under the default reject ratio and both splits get query groups.
PRAGMA journal_mode = DELETE;
CREATE TABLE interactions (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  query       TEXT NOT NULL,
  answer      TEXT,
  chunks      TEXT,
  feedback    INTEGER
);

-- "What is RAG?": two thumbs-up cite the leaf at [2]; one thumbs-down surfaces that same passage
-- (re-indexed under a new doc_id, different whitespace, no contextualised_text) next to two bad ones.
INSERT INTO interactions VALUES
(1, 's-alice', '2026-01-05T09:00:00Z', 'What is RAG?',
 'RAG retrieves passages before generating [2].',
 '[{"text":"A summary of retrieval topics.","chunk_type":"raptor_summary","doc_id":"sum-1","rerank_score":0.91},
   {"text":"Retrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.","contextualised_text":"Glossary › RAG\nRetrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.","doc_id":"doc-7","section":"Glossary","chunk_index":3,"chunk_type":"leaf","rerank_score":0.88},
   {"text":"RAG is a cloth used for cleaning.","doc_id":"doc-99","chunk_type":"leaf","rerank_score":0.40}]', 1),
(2, 's-bob', '2026-01-06T10:00:00Z', 'what is rag',
 'It combines retrieval and generation [1].',
 '[{"text":"Retrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.","contextualised_text":"Glossary › RAG\nRetrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.","doc_id":"doc-7","chunk_type":"leaf","rerank_score":0.86}]', 1),
(3, 's-carol', '2026-01-07T11:00:00Z', '  WHAT is   RAG?! ',
 'RAG is a rock band.',
 '[{"text":"Retrieval-augmented   generation (RAG) retrieves relevant passages\nand gives them to the model as context.","doc_id":"doc-7-v2","chunk_type":"leaf","rerank_score":0.30},
   {"text":"The Ragged Trousered Philanthropists is a novel by Robert Tressell.","contextualised_text":"Books › Novels\nThe Ragged Trousered Philanthropists is a novel by Robert Tressell.","doc_id":"doc-31","chunk_type":"leaf","rerank_score":0.55},
   {"text":"Rag-time music: a \"ragged\" rhythm — syncopation in 2/4 time.","doc_id":"doc-32","chunk_type":"leaf","rerank_score":0.50},
   {"text":"What is RAG?","chunk_type":"question_proxy","rerank_score":0.95}]', -1),
-- A replay of row 3 (same session, same exchange): counted once.
(4, 's-carol', '2026-01-07T11:00:05Z', 'What is RAG?',
 'RAG is a rock band.',
 '[{"text":"Retrieval-augmented generation (RAG) retrieves relevant passages and gives them to the model as context.","doc_id":"doc-7-v2","chunk_type":"leaf","rerank_score":0.30},
   {"text":"The Ragged Trousered Philanthropists is a novel by Robert Tressell.","doc_id":"doc-31","chunk_type":"leaf","rerank_score":0.55},
   {"text":"Rag-time music: a \"ragged\" rhythm — syncopation in 2/4 time.","doc_id":"doc-32","chunk_type":"leaf","rerank_score":0.50},
   {"text":"What is RAG?","chunk_type":"question_proxy","rerank_score":0.95}]', -1);

-- "How do I reset my password?": the thumbs-up cites nothing, so the top-ranked *leaf* is the positive
-- (rank 0 is a question proxy). Non-ASCII and escapes in text.
INSERT INTO interactions VALUES
(10, 's-dave', '2026-01-08T08:00:00Z', 'How do I reset my password?',
 'Open Settings and choose "Reset password".',
 '[{"text":"How do I reset my password?","chunk_type":"question_proxy"},
   {"text":"To reset your password, open Settings › Security and choose “Reset password”. Ünïcödé: naïve café 🚀.","contextualised_text":"Help › Account\nTo reset your password, open Settings › Security and choose “Reset password”. Ünïcödé: naïve café 🚀.","doc_id":"help-2","chunk_type":"leaf","rerank_score":0.93},
   {"text":"Passwords must have 12 characters.\tTabs\\and backslashes.","doc_id":"help-3","chunk_type":"leaf","rerank_score":0.61}]', 1),
(11, 's-erin', '2026-01-09T08:00:00Z', 'how do i reset my password',
 'Contact your bank.',
 '[{"text":"Bank cards can be frozen from the mobile app.","doc_id":"bank-1","chunk_type":"leaf","rerank_score":0.71},
   {"text":"Our office is closed on public holidays.","doc_id":"office-1","chunk_type":"leaf","rerank_score":0.20}]', -1),
-- Unrated rows are never read past a count.
(12, 's-frank', '2026-01-09T09:00:00Z', 'How do I reset my password?', 'Settings [1].',
 '[{"text":"To reset your password, open Settings › Security.","chunk_type":"leaf"}]', NULL),
(13, 's-gina', '2026-01-09T09:30:00Z', 'What is a vector index?', 'It indexes vectors.', '[]', NULL);

-- A thumbs-up that cites only a summary: no positive from it (summaries never become training text).
INSERT INTO interactions VALUES
(20, 's-hank', '2026-01-10T08:00:00Z', 'Which regions are supported?', 'See [1].',
 '[{"text":"Regions overview: EU and US.","chunk_type":"raptor_summary"},{"text":"We support eu-west-1 and us-east-1.","chunk_type":"leaf"}]', 1);

-- Bad rows: each is quarantined with a reason and counted, never trained on.
INSERT INTO interactions VALUES
(30, 's-bad', '2026-01-11T08:00:00Z', 'Broken chunks?', 'x', '[{"text": "unterminated', 1),
(31, 's-bad', '2026-01-11T08:01:00Z', 'Unknown rating?', 'x', '[{"text":"fine"}]', 2),
(32, 's-bad', '2026-01-11T08:02:00Z', '   ', 'x', '[{"text":"fine"}]', -1),
(33, 's-bad', '2026-01-11T08:03:00Z', 'Chunk without text?', 'x', '[{"doc_id":"no-text"}]', -1);

-- Volume: 150 topics, each with one thumbs-up (citing [1]) and one thumbs-down phrased differently,
-- plus 150 unrated rows.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO interactions (id, session_id, created_at, query, answer, chunks, feedback)
SELECT 1000 + i * 3, 'gen-' || i, printf('2026-02-%02dT10:00:00Z', 1 + i % 28),
       printf('How do I configure feature %d?', i), printf('Feature %d is set in its panel [1].', i),
       json_array(
         json_object('text', printf('Feature %d is configured in Settings › Features › Feature %d: switch it on and pick a mode.', i, i),
                     'contextualised_text', printf('Admin guide › Feature %d%sFeature %d is configured in Settings › Features › Feature %d: switch it on and pick a mode.', i, char(10), i, i),
                     'doc_id', printf('guide-%d', i), 'chunk_type', 'leaf', 'rerank_score', 0.9),
         json_object('text', printf('Feature %d was introduced in release %d.', i, 2 + i % 5), 'doc_id', printf('notes-%d', i), 'chunk_type', 'leaf', 'rerank_score', 0.6)),
       1
FROM n
UNION ALL
SELECT 1001 + i * 3, 'gen-' || i, printf('2026-02-%02dT11:00:00Z', 1 + i % 28),
       printf('how do I configure feature %d', i), 'Feature flags are billed monthly.',
       json_array(
         json_object('text', printf('Billing for feature %d is monthly.', i), 'doc_id', printf('billing-%d', i), 'chunk_type', 'leaf', 'rerank_score', 0.7),
         json_object('text', printf('Feature %d is unavailable on the free plan.', i), 'doc_id', printf('plans-%d', i), 'chunk_type', 'leaf', 'rerank_score', 0.65),
         json_object('text', printf('Summary of feature %d documentation.', i), 'chunk_type', 'raptor_summary', 'rerank_score', 0.8)),
       -1
FROM n
UNION ALL
SELECT 1002 + i * 3, 'gen-' || i, printf('2026-02-%02dT12:00:00Z', 1 + i % 28),
       printf('Feature %d pricing', i), NULL, '[]', NULL
FROM n;
