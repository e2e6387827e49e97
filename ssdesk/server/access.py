"""Who may see and change what on the office server — the rules PostgreSQL itself enforces.

An office puts secret (MẬT) sessions on a shared server only if a user with psql and their own password gets no more
than the app gives them, so the rules are the database's, not the client's:

- four group roles (cluster-wide, made once): ``ssdesk_administrator``, ``ssdesk_secretary``, ``ssdesk_leader``,
  ``ssdesk_reader``; each person is a LOGIN role that is a member of one of them. GRANTs give each group its tables:
  a reader only SELECTs; a leader writes what verifying and issuing need (recommendations, follow-up, attachments,
  issued documents, the search index); a secretary writes everything of a case file but the user tables; the
  administrator everything.
- ``ssdesk_user`` (login → role, clearance) and ``ssdesk_user_delegation`` (login → delegations a secretary serves)
  say what the row-level security policies allow; the policies ask through SECURITY DEFINER functions
  (:data:`FUNCTIONS`) owned by the database's owner, so they read those tables whatever the caller may read.
- row-level security on every table whose rows come from a session: the session must be visible (a secretary: one
  of their delegations'; others: any) and a secret one needs clearance; rows hanging off a recommendation or a
  follow-up step follow that row's visibility (the policy's subquery is itself filtered).
- ``audit_log.user`` is set by a trigger to ``session_user``: the name the client sends is ignored. The log is
  append-only for everyone but its owner, and an uncleared user reads only their own entries and those about rows
  they may read (the log holds old and new values, secret ones included).

The database's owner (who ran the migrations) and superusers bypass row-level security, as the DBA who makes the
``pg_dump`` backup must. :func:`install` is idempotent: migration 0010 runs it when the migrating role may create
roles; otherwise the first ``ssdesk server users add`` by such a role does; after any later migration the opening
(:mod:`ssdesk.server.opening`) runs it again, so a table a later revision adds gets its GRANTs and policy.
"""

from __future__ import annotations

from typing import Any

GROUPS = {"administrator": "ssdesk_administrator", "secretary": "ssdesk_secretary", "leader": "ssdesk_leader",
          "reader": "ssdesk_reader"}
USER_TABLE = "ssdesk_user"
USER_DELEGATION_TABLE = "ssdesk_user_delegation"


def may_read(classification: str, cleared: str) -> str:
    """The rule of secrecy, as SQL: a row of this ``classification`` may be read when it is not secret or the
    caller is ``cleared`` (an SQL boolean: a function call, an initplan, a variable). The policies and the functions
    below all write it from here, each with the form of "cleared" that its planner context needs."""
    return f"({classification} IS DISTINCT FROM 'secret' OR {cleared})"


#: session rows: (table, the condition "this row's session is among those in {visits}", for every policy)
VISIT_ROWS = {
    "attendee": "visit_id IN (SELECT {visits}())",
    "statement": "visit_id IN (SELECT {visits}())",
    "finding": "visit_id IN (SELECT {visits}())",
    "indicator_result": "visit_id IN (SELECT {visits}())",
    "recommendation": "visit_id IN (SELECT {visits}())",
    "follow_up": "recommendation_id IN (SELECT r.id FROM recommendation r WHERE r.visit_id IN (SELECT {visits}()))",
    "reporting_schedule": ("recommendation_id IN (SELECT r.id FROM recommendation r"
                           " WHERE r.visit_id IN (SELECT {visits}()))"),
    "recheck_entry": "visit_id IN (SELECT {visits}())",
    "attachment": ("(visit_id IS NULL OR visit_id IN (SELECT {visits}()))"
                   " AND (recommendation_id IS NULL OR recommendation_id IN (SELECT r.id FROM recommendation r"
                   " WHERE r.visit_id IN (SELECT {visits}())))"
                   " AND (follow_up_id IS NULL OR follow_up_id IN (SELECT f.id FROM follow_up f))"),
    "issued_document": ("(visit_id IS NULL OR visit_id IN (SELECT {visits}()))"
                        " AND " + may_read("classification", "ssdesk_cleared()")),
    "search_doc": "(visit_id IS NULL OR visit_id IN (SELECT {visits}()))",
    "imported_row": ("recommendation_id IN (SELECT r.id FROM recommendation r"
                     " WHERE r.visit_id IN (SELECT {visits}()))"),  # revision 0011
}
#: tables a leader writes (verifying "done", issuing documents) besides reading everything visible
LEADER_WRITES = ("recommendation", "follow_up", "attachment", "attachment_blob", "issued_document", "search_doc",
                 "reporting_schedule", "recheck_entry", "ssdesk_meta")
#: the rows a leader's writes reach: any visible session's; a secretary's and administrator's: those they edit
WRITE_SET = {"recommendation": "ssdesk_followup_visits", "follow_up": "ssdesk_followup_visits",
             "attachment": "ssdesk_followup_visits", "issued_document": "ssdesk_followup_visits",
             "search_doc": "ssdesk_followup_visits", "reporting_schedule": "ssdesk_followup_visits",
             "recheck_entry": "ssdesk_followup_visits"}

#: the newest index rows :func:`ssdesk_search_ids` tests one by one before asking the GIN index for older matches
SEARCH_WALK = 30000
#: ids per band of the band index (``id >> SEARCH_BAND_BITS``): 16,384, 45 bands at 100k recommendations
SEARCH_BAND_BITS = 14
#: the widest band step of :func:`ssdesk_search_ids`, in bands (1, 2, 4, … 32: 63 bands, more than the 100k
#: bench's 45); older matches come from the plain GIN step, whose cost is the query's matches, not the ids it
#: spans. A query of which nothing was found in the first 15 bands goes there at once
SEARCH_BAND_WIDEST = 32
#: the walk of :data:`SEARCH_WALK` where the bands are there: a query in one row in eight of the newest is found
#: there; a sparser one by the bands. A secretary walks none there: their walk read each of their rows (a few among
#: many) from the table, ~10 ms for 1,024, where the keys of their delegations find them in the bands
SEARCH_BAND_WALK = 4096
#: the same for a search of some kinds only (every ``status:`` search): those rows are picked from among the others
#: through an index and tested one by one (~4 µs a row: 4,096 cost a reader's ``status:overdue`` ~18 ms); the keys of
#: the kinds find the rest in the bands. The ids step of a reader's ``status:overdue`` queries: p50 24.7 -> 18.3 ms,
#: the owner's 18.9 -> 11.8; 1,024 gave 19.5 and 13.9 (issue 18)
SEARCH_BAND_WALK_KIND = 256
#: a search asked with keys goes from the bands to the GIN step when the keyed matches below the bands asked are
#: expected (at the density found so far) to be no more than this: reading them all from the table costs less than
#: the wider bands would (~1.4 µs a row against ~1.1 ms a band of 16,384 ids at 100k)
SEARCH_KEYED_PLAIN = 10000


#: what ``ssdesk_search_rows`` returns of each candidate's recommendation (alias ``r``) and session (``v``) beside
#: it, as (column, type): the columns the search's filters read (``SearchService.filters_sql``), each returned as
#: ``<alias>_<column>``. A filter reading any other column fails loudly (no such column), never silently
SEARCH_ROW_LOOKUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "r": (("status", "varchar"), ("deadline", "date"), ("direction", "varchar"), ("responsible_unit_id", "varchar")),
    "v": (("unit_id", "varchar"), ("delegation_id", "varchar"), ("starts_at", "timestamp")),
}


def band_index() -> str:
    """The name of the search's key index, its band size and the form of its keys and bands in it
    (``ix_search_doc_key1_bands14``; ``_band14`` held the band through btree_gin, before rules 2026-12-06.9): the
    index's expression and the one ``ssdesk_search_ids`` asks must be the same, or the band steps read the table
    row by row. A change of :data:`SEARCH_BAND_BITS` or of ``ssdesk_search_key`` (:data:`SEARCH_KEY_FORM`) then
    builds a new index instead of keeping the old one under the same name (replacing an IMMUTABLE function's body
    does not rebuild the indexes that hold its results)."""
    return f"ix_search_doc_key{SEARCH_KEY_FORM}_bands{SEARCH_BAND_BITS}"


#: the form of the lexemes ``ssdesk_search_key`` adds to a row's words (its entity, its session's delegation);
#: moved with any change of that function, so that the index is built anew (:func:`band_index`)
SEARCH_KEY_FORM = 1


FUNCTIONS = (
    # the caller's role: from ssdesk_user; the owner of the database's tables counts as administrator
    # plpgsql, not sql, for these and the other functions every statement asks (ssdesk_scope, ssdesk_cleared,
    # ssdesk_my_delegations, ssdesk_my_visits): a SECURITY DEFINER sql function is never inlined and its queries
    # are planned again at every call (ssdesk_scope: 355 µs a call, asked four to eight times by a search's
    # statements under the policies); plpgsql keeps their plans for the session (ssdesk_scope: 33 µs)
    """CREATE OR REPLACE FUNCTION ssdesk_role() RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
       SET search_path = {schema}, pg_temp AS $$
       BEGIN
         RETURN CASE WHEN pg_has_role(session_user, (SELECT tableowner FROM pg_tables WHERE schemaname = '{schema}'
                          AND tablename = 'visit'), 'MEMBER') THEN 'administrator'
                     ELSE (SELECT u.role FROM ssdesk_user u WHERE u.login = session_user) END;
       END $$""",
    """CREATE OR REPLACE FUNCTION ssdesk_cleared() RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
       SET search_path = {schema}, pg_temp AS $$
       BEGIN
         RETURN ssdesk_role() = 'administrator' AND NOT EXISTS (SELECT 1 FROM ssdesk_user u
                                                                WHERE u.login = session_user)
                OR COALESCE((SELECT u.cleared FROM ssdesk_user u WHERE u.login = session_user), false);
       END $$""",
    # what the caller's reading is limited by, asked once per statement as an initplan ``(SELECT ssdesk_scope())``:
    # 'all' (every session: a cleared administrator, leader or reader), 'open' (all but the secret ones: uncleared),
    # 'mine' (a secretary: the delegations they serve), 'none' (not a user of this database)
    """CREATE OR REPLACE FUNCTION ssdesk_scope() RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
       SET search_path = {schema}, pg_temp AS $$
       DECLARE r text := ssdesk_role();
       BEGIN
         RETURN CASE WHEN r IN ('administrator', 'leader', 'reader') THEN CASE WHEN ssdesk_cleared() THEN 'all'
                                                                          ELSE 'open' END
                     WHEN r = 'secretary' THEN 'mine' ELSE 'none' END;
       END $$""",
    # the delegations the caller serves as a secretary, as one array (an initplan: per row only ``= ANY``)
    """CREATE OR REPLACE FUNCTION ssdesk_my_delegations() RETURNS varchar[] LANGUAGE plpgsql STABLE
       SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
       BEGIN
         RETURN (SELECT COALESCE(array_agg(d.delegation_id), '{{}}') FROM ssdesk_user_delegation d
                 WHERE d.login = session_user);
       END $$""",
    # a secretary's sessions (those of the delegations they serve; secret ones when cleared), by the index
    # ix_visit_access; nothing for anyone else
    """CREATE OR REPLACE FUNCTION ssdesk_my_visits() RETURNS SETOF varchar LANGUAGE plpgsql STABLE
       SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
       DECLARE mine varchar[]; cleared boolean;
       BEGIN
         IF ssdesk_scope() = 'mine' THEN
           mine := ssdesk_my_delegations();
           cleared := ssdesk_cleared();
           RETURN QUERY SELECT v.id FROM visit v
             WHERE v.delegation_id = ANY (mine) AND {read_mine};
         END IF;
       END $$""",
    # search_doc.access_delegation: the delegation of the row's session, kept by these triggers whoever writes (the
    # app, a merge, psql): set on every write of an index row, and again when a session moves to another delegation
    """CREATE OR REPLACE FUNCTION ssdesk_search_doc_access() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
       SET search_path = {schema}, pg_temp AS $$
       BEGIN
         NEW.access_delegation := (SELECT v.delegation_id FROM visit v WHERE v.id = NEW.visit_id);
         RETURN NEW;
       END $$""",
    """CREATE OR REPLACE FUNCTION ssdesk_visit_moved() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
       SET search_path = {schema}, pg_temp AS $$
       BEGIN
         UPDATE search_doc SET access_delegation = NEW.delegation_id WHERE visit_id = NEW.id;
         RETURN NULL;
       END $$""",
    # the OR of the key lexemes ``prefix || value`` (ssdesk_search_key) as a tsquery: each value quoted (a quote or
    # a backslash in it doubled), so whatever it holds is one lexeme, never tsquery syntax
    """CREATE OR REPLACE FUNCTION ssdesk_search_keys(prefix text, vals varchar[]) RETURNS tsquery LANGUAGE sql
       IMMUTABLE AS $$ SELECT CAST(string_agg(chr(39) || replace(replace(prefix || x, chr(92), chr(92) || chr(92)),
                                                               chr(39), chr(39) || chr(39)) || chr(39), ' | ')
                               AS tsquery) FROM unnest(vals) AS x $$""",
    # the newest ``n`` index rows matching ``q`` (of the entities ``kinds``; null: all) that the caller may read.
    # Why a SECURITY DEFINER function: under row-level security PostgreSQL evaluates the policy before any
    # condition whose operator is not LEAKPROOF, and the text match ``@@`` is not, so a query of the caller's own
    # could not use the GIN index and read the whole index table (0.3-1 s at 100,000 recommendations). Here, as the
    # owner, it may; the caller's visibility is applied by the same rule as the policies (only ids come out, and
    # only of rows the caller may read; the caller's query reads them under its policies again).
    # ``p``: the query in the form of the index of prefixes (revision 0014: ``'hoan~'`` for ``hoan:*``), for the GIN
    # step; null where that index is not there
    # max_parallel_workers_per_gather: a band step of a few milliseconds took 20 with two workers to start
    # work_mem: the GIN step's bitmap of a common word stays exact; a lossy one had every row of its pages tested
    # again, with the index of prefixes by computing ssdesk_with_prefixes (3 s for ``nguyen van`` at 4 MB)
    """CREATE OR REPLACE FUNCTION ssdesk_search_ids(q tsquery, n integer, kinds text[], p tsquery) RETURNS bigint[]
       LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp SET jit = off
       SET enable_indexscan = on SET work_mem = '64MB' SET max_parallel_workers_per_gather = 0 AS $$
       DECLARE
         s text := ssdesk_scope();
         visible text;
         tested text;
         found bigint[];
         more bigint[];
         walk bigint := {walk};
         rows_of text;
         scan text;
         low bigint := 9223372036854775807;
         more_rows bigint;
         window_full boolean;
         banded boolean := to_regclass('{band_index}') IS NOT NULL;
         top bigint;
         width bigint := 1;
         words tsquery;
         phrase text;
         ids varchar[];
         cleared boolean;
         window_low bigint;
         hi bigint;
         seen bigint := 0;
         step_seen bigint;
         covered bigint;
         start bigint;
         dkeys tsquery;
         kkeys tsquery;
         keyed text := '';
         bands bigint := 0;
         wanted_bands bigint;
         steps integer := 0;
         matched text;
       BEGIN
         IF banded THEN  -- the bands find a sparse query's matches cheaper than a long walk
           walk := CASE WHEN kinds IS NOT NULL THEN {band_walk_kind} ELSE {band_walk} END;
         END IF;
         IF s = 'all' THEN visible := 'true';
         ELSIF s = 'open' THEN
           -- the sessions the caller may not read, or those they may, as one array $6 read once per call (each
           -- statement below rebuilt its hash of a subquery: 4-15 ms a statement for a reader, issue 18). A test
           -- of each row, never a way in: as a bitmap of ix_search_doc_visit_id, a secretary's 2,700 sessions cost
           -- 20-26 ms a band
           -- The test is a CASE: written plainly, the planner estimated ``= ANY`` element by element at each
           -- statement (each EXECUTE is planned anew: 1.5-3 ms for 2,000-2,700 ids, five to nine statements a
           -- search, issue 18); of a CASE it takes a default, while the executor still hashes the array
           ids := ARRAY(SELECT v.id FROM visit v WHERE NOT {read_open_plain});
           visible := 'CASE WHEN d.visit_id = ANY ($6) THEN false ELSE true END';  -- (no session: true)
         ELSIF s = 'mine' THEN
           cleared := ssdesk_cleared();  -- once, not for each session (40 ms for a secretary's 3,000)
           ids := ARRAY(SELECT v.id FROM visit v WHERE v.delegation_id = ANY (ssdesk_my_delegations())
                        AND {read_mine_plain});
           visible := 'CASE WHEN d.visit_id IS NULL OR d.visit_id = ANY ($6) THEN true ELSE false END';
           dkeys := ssdesk_search_keys('@', ssdesk_my_delegations() || CAST('' AS varchar));
         ELSE RETURN '{{}}';
         END IF;
         IF kinds IS NOT NULL THEN  -- the kinds' keys (beside a secretary's delegations' keys, dkeys)
           kkeys := ssdesk_search_keys('%', CAST(kinds AS varchar[]));
         END IF;
         -- the GIN steps test the kinds on each row (the key index asks them already): as a condition the planner
         -- could use, it added a bitmap of ix_search_doc_kind's 95,000 recommendations to each step (6-8 ms)
         tested := visible;
         IF kinds IS NOT NULL THEN tested := '(' || visible || ') AND (d.entity = ANY ($4)) IS TRUE';
         END IF;
         IF cardinality(kinds) = 1 THEN visible := '(' || visible || ') AND d.entity = $4[1]';  -- (entity, id)
         ELSIF kinds IS NOT NULL THEN visible := '(' || visible || ') AND d.entity = ANY ($4)';
         END IF;
         -- the newest $3 rows the caller may read (of those kinds) older than $5, in order: the match is tested on
         -- each of them (the LIMIT keeps the planner from the GIN index, whose estimates of a common word or a
         -- phrase are far too low). A secretary's rows, or those of one kind, are a few among many: they are picked
         -- by an index-only scan (ix_search_doc_walk, ix_search_doc_kind) and only they are read
         -- Each scan also tells whether its window was full: the window's $3-th row comes out whether it matches or
         -- not. A window that was not full held every row below $5 the caller may read (of those kinds), so fewer
         -- than n matches in it are all there are: a secretary's rows of one kind (13,600 at 100k) were walked,
         -- walked on and asked of the GIN index for matches that could not exist (~75 ms a query, issue 18)
         rows_of := '(SELECT d.id, row_number() OVER (ORDER BY d.id DESC) AS rn FROM search_doc d WHERE d.id < $5'
                    ' AND (' || visible || ') ORDER BY d.id DESC LIMIT $3) w';
         IF s = 'mine' OR kinds IS NOT NULL THEN
           scan := 'SELECT (array_agg(id) FILTER (WHERE hit))[1:$2], bool_or(rn = $3), min(id) FILTER (WHERE rn = $3)'
                   ' FROM (SELECT w.id, w.rn, m.hit IS NOT NULL AS hit FROM ' || rows_of || ' LEFT JOIN LATERAL'
                   ' (SELECT true AS hit FROM search_doc t WHERE t.id = w.id AND t.tsv @@ $1 OFFSET 0) m ON true'
                   ' WHERE m.hit OR w.rn = $3 LIMIT $2 + 1) x';
         ELSE
           scan := 'SELECT (array_agg(id) FILTER (WHERE hit))[1:$2], bool_or(rn = $3), min(id) FILTER (WHERE rn = $3)'
                   ' FROM (SELECT w.id, w.rn, w.tsv @@ $1 AS hit FROM (SELECT d.id, d.tsv,'
                   ' row_number() OVER (ORDER BY d.id DESC) AS rn FROM search_doc d WHERE d.id < $5'
                   ' AND (' || visible || ') ORDER BY d.id DESC LIMIT $3) w'
                   ' WHERE w.tsv @@ $1 OR w.rn = $3 LIMIT $2 + 1) x';
         END IF;
         -- a secretary's walk reads their rows one by one from among everyone's (~10 ms for 1,024 of one kind);
         -- where the bands are, their delegations' keys find those rows in the index, so the bands go first (the
         -- ids step of a secretary's typical queries: p95 48 -> 38 ms, a search of one kind 48 -> 30; issue 18).
         -- Anyone else's walk reads the newest rows in a row, and finds a common word there at once
         IF banded AND s = 'mine' THEN
           found := '{{}}';
           window_full := true;
           window_low := low;
         ELSE
           EXECUTE scan INTO found, window_full, window_low USING q, n, walk, kinds, low, ids;
         END IF;
         found := COALESCE(found, '{{}}');
         IF cardinality(found) < n AND NOT COALESCE(window_full, false) THEN
           RETURN found;
         END IF;
         IF banded AND cardinality(found) < n THEN  -- every match from the window's oldest row up is found: the
           low := window_low;                         -- bands go on below it
         END IF;
         -- fewer than n: the whole window walked, and every match in it found. The older matches are older than
         -- the oldest found (none found: any), so that is where to go on from; walking the window again for its
         -- last id cost a secretary ~80 ms at 100k (issue 18)
         IF NOT banded AND cardinality(found) BETWEEN 1 AND n - 1 THEN
           low := (SELECT min(x) FROM unnest(found) AS x);
         END IF;
         IF NOT banded AND low IS NOT NULL AND cardinality(found) BETWEEN 1 AND n - 1 THEN  -- some: as far
           more_rows := walk * (n - cardinality(found)) * 5 / (4 * cardinality(found));  -- again, if not too far
           IF more_rows <= 8 * walk THEN
             EXECUTE scan INTO more, window_full, window_low
                     USING q, n - cardinality(found), more_rows, kinds, low, ids;
             found := found || COALESCE(more, '{{}}');
             IF cardinality(found) < n AND NOT COALESCE(window_full, false) THEN
               RETURN found;
             END IF;
             IF cardinality(found) < n THEN
               low := (SELECT min(x) FROM unnest(found) AS x);
             END IF;
           END IF;
         END IF;
         -- bands of ids, newest first, each twice as wide as the one before: the index {band_index} holds
         -- each row's band (id >> {band_bits}) beside its words, so the GIN index answers "the matches among these
         -- ids" without reading the older ones. A common query whose newest rows do not hold it (the newest 70,000
         -- rows of the 100k bench are follow-ups) cost ~140 ms here: the plain GIN step reads all its matches (65,000
         -- for ``truong chuan Thanh Trì``) to keep the newest 500; by bands, 7 ms (issue 18). A query of phrases is
         -- asked of that index by its words (each a lexeme there), the phrase itself tested on tsv
         -- Each step counts the matches the caller may read in its bands. After the newest 15 bands (a third of
         -- the 100k bench), fewer than 20 of them is a rare query, and a density that leaves below fewer than the
         -- matches still wanted one spread thin: for either the GIN step reads what is left at once (a
         -- secretary's query of a few thousand matches over the whole table cost 100-110 ms by bands to the end,
         -- 26 ms so). Not sooner: the newest rows are often of another kind than the older (the bench's newest
         -- 70,000 are follow-ups), and a common query sent there after three bands cost 100-360 ms
         IF banded AND low IS NOT NULL AND cardinality(found) < n THEN
           start := LEAST(low, (SELECT max(d.id) FROM search_doc d) + 1);  -- the bands cover the ids below it
           hi := start;
           top := (start - 1) >> {band_bits};
           IF p IS NULL THEN
             words := CAST(regexp_replace(CAST(q AS text), '<(-|[0-9]+)>', '&', 'g') AS tsquery);
             phrase := ' AND (d.tsv @@ $1) IS TRUE';  -- (a test of each row, not a way in: tsv's own index,
             -- chosen for it, read 117,000 rows to keep 316)
           ELSE
             words := p;
             phrase := '';
           END IF;
           -- the kinds and delegations asked of the index beside the words, each as a condition of its own: in one
           -- tsquery with the words, GIN walks the fewest entries that the query cannot match without, counted
           -- entry by entry, and took a secretary's four delegation keys (36,000 rows each) before any word. As
           -- conditions apart, it walks the rarest word and skips through the keys (a secretary's rare query, all
           -- 531 keyed matches of ``nong thon moi Mỹ Đức``: 21.5 -> 11.0 ms; issue 18)
           IF dkeys IS NOT NULL THEN
             keyed := ' AND ssdesk_search_key(d.tsv, d.entity, d.access_delegation) @@ $8';
           END IF;
           IF kkeys IS NOT NULL THEN
             keyed := keyed || ' AND ssdesk_search_key(d.tsv, d.entity, d.access_delegation) @@ $9';
           END IF;
           SET LOCAL enable_indexscan = off;  -- (not a walk of the primary key: restored when the function ends)
           WHILE top >= 0 AND cardinality(found) < n AND width <= {band_widest} AND steps < 8 LOOP
             -- the step's bands as one array: each an exact entry of the index, whose posting list GIN skips
             -- through beside the words' (as a range, "band >= lowest", every band above was read into a bitmap
             -- again at each step: 18.6 ms for a step of 7 bands under 24; so, 4.4 ms for 8 bands; issue 18)
             EXECUTE 'SELECT (array_agg(id ORDER BY id DESC))[1:$2], count(*) FROM (SELECT d.id FROM search_doc d'
                     ' WHERE ARRAY[CAST(d.id >> {band_bits} AS integer)] && $7 AND d.id < $3'
                     ' AND ssdesk_search_key(d.tsv, d.entity, d.access_delegation) @@ $5'
                     || keyed || phrase || ' AND (' || tested || ')) x' INTO more, step_seen
                     USING q, n - cardinality(found), hi, kinds, words, ids,
                           ARRAY(SELECT CAST(b AS integer) FROM generate_series(GREATEST(top - width + 1, 0), top) b),
                           dkeys, kkeys;
             found := found || COALESCE(more, '{{}}');
             seen := seen + step_seen;
             top := top - width;
             hi := GREATEST(top + 1, 0) << {band_bits};  -- the ids below the bands asked
             covered := start - hi;
             bands := bands + width;
             steps := steps + 1;
             EXIT WHEN cardinality(found) >= n OR top < 0;
             EXIT WHEN bands >= 15 AND (seen < 20 OR seen * hi < (n - cardinality(found)) * covered);
             -- the bands the matches still wanted need at the density found so far (a quarter more)
             wanted_bands := CASE WHEN seen = 0 THEN 1000
                                  ELSE GREATEST(1, ceil(1.25 * (n - cardinality(found)) * bands / seen)) END;
             -- asked with the keys of some kinds the GIN step reads only the keyed matches: when more than the
             -- next band is wanted and those below, at this density, are few, it reads them all for less than
             -- wider bands cost (a step's GIN scan costs ~1 ms a band with frequent words and keys, and more a band
             -- in a wide step; the GIN step reads all of a secretary's matches of one kind in 17-32 ms; issue 18).
             -- Not a search of all kinds (a secretary's by their delegations alone): its newest bands are the
             -- follow-ups, whose density promised a thousand keyed matches below where there were 24,000, and the
             -- GIN step read them all (``Đảng ủy Đống Đa`` 106 ms, 14 ms by bands: the ids step of the secretary's
             -- 200 queries, p95 59 -> 38 ms; a rare query goes on by bands to the exit above). Never for a phrase:
             -- its words' matches, all read, are many more than the phrase's
             EXIT WHEN kinds IS NOT NULL AND phrase = '' AND bands >= 3 AND wanted_bands >= 2
                       AND seen * hi <= {keyed_plain} * covered;
             -- the next step twice as wide, or as wide as those wanted bands if that is less (a step of 16 bands
             -- where 7 would do cost 30 ms instead of ~15); twice as wide after a step that found nothing
             width := CASE WHEN step_seen = 0 THEN width * 2 ELSE LEAST(width * 2, wanted_bands) END;
           END LOOP;
           IF top < 0 OR cardinality(found) >= n THEN
             RETURN found;
           END IF;
           low := LEAST(low, (top + 1) << {band_bits});  -- older than the bands asked: the plain GIN step below
           matched := 'ssdesk_search_key(d.tsv, d.entity, d.access_delegation) @@ $5' || keyed || phrase;
           p := words;
         ELSE
           matched := CASE WHEN p IS NULL THEN 'd.tsv @@ $1' ELSE 'ssdesk_with_prefixes(d.tsv) @@ $5' END;
         END IF;
         IF low IS NOT NULL AND cardinality(found) < n THEN  -- a rare match: the GIN index finds the older ones
           SET LOCAL enable_indexscan = off;  -- (not a walk of the primary key: restored when the function ends)
           EXECUTE 'SELECT array_agg(id) FROM (SELECT d.id FROM search_doc d WHERE d.id < $3 AND '
                   || matched || ' AND (' || tested || ') ORDER BY d.id DESC LIMIT $2) x' INTO more
                   USING q, n - cardinality(found), low, kinds, p, ids, CAST(NULL AS integer[]), dkeys, kkeys;
           found := found || COALESCE(more, '{{}}');
         END IF;
         RETURN found;
       END $$""",
    # the candidates of ssdesk_search_ids as rows, for the ranking statement: read here, as the owner, rather than by
    # the caller under search_doc's policy, which hashed every session the caller reads (18,000 for a reader of
    # the 100k bench, ~2.5 ms a statement; issue 18), only to find again the rows the ids step had already tested.
    # With them, what the query's filters read of each row's recommendation and session (``look``: 'r', 'v', 'rv'
    # or null; :data:`SEARCH_ROW_LOOKUPS`): under their policies, the look-ups hashed the same 18,000 sessions
    # again, 15 ms of a reader's every ``status:overdue`` search. Only rows of the candidates come out, so a caller
    # learns nothing their own SELECT would not show: the session is the row's own, whose visibility the ids step
    # tested, and the recommendation only where it belongs to that session. (A cheaper policy, "not one of the
    # secret sessions", was tried and undone: it needs the secret sessions' ids in a function any login may call).
    # Each look-up by its key (OFFSET 0): as a join, the planner hashed all 100,000 recommendations for 2,000
    # candidates (72 ms)
    """CREATE OR REPLACE FUNCTION ssdesk_search_rows(q tsquery, n integer, kinds text[], p tsquery, look text)
       RETURNS TABLE (id bigint, entity varchar, entity_id varchar, visit_id varchar, rec_id varchar, tsv tsvector,
                      {row_columns})
       LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp SET jit = off AS $$
       DECLARE ids bigint[] := ssdesk_search_ids(q, n, kinds, p);  -- once (a volatile call in WHERE: once a row)
       BEGIN
         RETURN QUERY SELECT d.id, d.entity, d.entity_id, d.visit_id, d.rec_id, d.tsv, {row_values}
           FROM search_doc d
           LEFT JOIN LATERAL (SELECT * FROM recommendation r WHERE strpos(look, 'r') > 0 AND r.id = d.rec_id
                              AND r.visit_id = d.visit_id OFFSET 0) r ON true
           LEFT JOIN LATERAL (SELECT * FROM visit v WHERE strpos(look, 'v') > 0 AND v.id = d.visit_id OFFSET 0) v
             ON true
           WHERE d.id = ANY (ids);
       END $$""",
    # the signature of revision 0012, for a client that does not know the index of prefixes
    """CREATE OR REPLACE FUNCTION ssdesk_search_ids(q tsquery, n integer, kinds text[]) RETURNS bigint[]
       LANGUAGE sql VOLATILE SET search_path = {schema}, pg_temp
       AS $$ SELECT ssdesk_search_ids(q, n, kinds, NULL) $$""",
    # the sessions the caller sees: a secretary, those of the delegations they serve; the others, all; secret
    # ones only when cleared. plpgsql: the caller's role and clearance are looked up once, not per session
    """CREATE OR REPLACE FUNCTION ssdesk_visible_visits() RETURNS SETOF varchar LANGUAGE plpgsql STABLE
       SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
       DECLARE r text := ssdesk_role(); c boolean := ssdesk_cleared();
       BEGIN
         IF r IN ('administrator', 'leader', 'reader') THEN
           RETURN QUERY SELECT v.id FROM visit v WHERE {read_visible};
         ELSIF r = 'secretary' THEN
           RETURN QUERY SELECT v.id FROM visit v JOIN ssdesk_user_delegation d ON d.delegation_id = v.delegation_id
             AND d.login = session_user WHERE {read_visible};
         END IF;
       END $$""",
    # the sessions the caller edits: an administrator's visible ones, a secretary's (all visible to them)
    """CREATE OR REPLACE FUNCTION ssdesk_editable_visits() RETURNS SETOF varchar LANGUAGE plpgsql STABLE
       SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
       BEGIN
         IF ssdesk_role() IN ('administrator', 'secretary') THEN RETURN QUERY SELECT ssdesk_visible_visits(); END IF;
       END $$""",
    # the sessions whose recommendations, follow-up and documents the caller writes: also a leader's visible ones
    """CREATE OR REPLACE FUNCTION ssdesk_followup_visits() RETURNS SETOF varchar LANGUAGE plpgsql STABLE
       SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
       BEGIN
         IF ssdesk_role() IN ('administrator', 'secretary', 'leader') THEN
           RETURN QUERY SELECT ssdesk_visible_visits();
         END IF;
       END $$""",
    # may the caller put a session of this delegation and classification (a new one, or one changed)
    """CREATE OR REPLACE FUNCTION ssdesk_may_hold(delegation varchar, classification varchar) RETURNS boolean
       LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
       DECLARE r text := ssdesk_role();
       BEGIN
         RETURN {read_hold}
            AND (r = 'administrator' OR r = 'secretary' AND delegation IN (
                 SELECT d.delegation_id FROM ssdesk_user_delegation d WHERE d.login = session_user));
       END $$""",
    # an audit entry is readable by whoever may read the row it is about (SECURITY INVOKER: that table's policies
    # are the caller's); an entry of a deleted row only by the cleared and its author
    """CREATE OR REPLACE FUNCTION ssdesk_row_visible(entity text, ident text) RETURNS boolean LANGUAGE plpgsql STABLE
       SET search_path = {schema}, pg_temp AS $$
       DECLARE found boolean;
       BEGIN
         IF to_regclass(entity) IS NULL THEN RETURN false; END IF;
         EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', entity) INTO found USING ident;
         RETURN found;
       EXCEPTION WHEN OTHERS THEN RETURN false;
       END $$""",
    """CREATE OR REPLACE FUNCTION ssdesk_audit_user() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN NEW."user" := session_user; RETURN NEW; END $$""",
)


#: who reads which sessions, per row of ``visit``: the caller's scope, clearance and delegations are initplans
#: (computed once per statement), so a row costs a few comparisons, not a look-up
SEE_VISIT = ("(SELECT ssdesk_scope()) = 'all' OR " + may_read("classification", "(SELECT ssdesk_cleared())")
             + " AND ((SELECT ssdesk_scope()) = 'open'"
             " OR delegation_id = ANY (CAST((SELECT ssdesk_my_delegations()) AS varchar[])))")


#: "this row's session is one the caller reads": a secretary's sessions straight from the delegation index (a few
#: thousand ids, hashed once); anyone else's through visit's own policy
MY_VISITS_OR_VISIBLE = ("CASE WHEN (SELECT ssdesk_scope()) = 'mine' THEN visit_id IN (SELECT ssdesk_my_visits())"
                        " ELSE visit_id IN (SELECT v.id FROM visit v) END")


def see_condition(condition: str) -> str:
    """The SELECT policy of a session's rows: "its session (or recommendation) is one the caller reads", asked of
    ``visit`` (or ``recommendation``) itself, whose own policy is the cheap :data:`SEE_VISIT` — the planner hashes
    the visible ids once or looks them up by primary key, whichever is cheaper — and nothing asked at all when the
    caller reads every session."""
    see = (condition.replace("recommendation r WHERE r.visit_id IN (SELECT {visits}())", "recommendation r")
           .replace("visit_id IN (SELECT {visits}())", MY_VISITS_OR_VISIBLE)
           .replace("ssdesk_cleared()", "(SELECT ssdesk_cleared())"))
    return f"(SELECT ssdesk_scope()) = 'all' OR ({see})"


def _policies(table: str, condition: str, write_set: str) -> list[str]:
    see, write = see_condition(condition), condition.format(visits=write_set)
    return [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS ssdesk_select ON {table}",
            f"DROP POLICY IF EXISTS ssdesk_insert ON {table}",
            f"DROP POLICY IF EXISTS ssdesk_update ON {table}",
            f"DROP POLICY IF EXISTS ssdesk_delete ON {table}",
            f"CREATE POLICY ssdesk_select ON {table} FOR SELECT USING ({see})",
            f"CREATE POLICY ssdesk_insert ON {table} FOR INSERT WITH CHECK ({write})",
            f"CREATE POLICY ssdesk_update ON {table} FOR UPDATE USING ({write}) WITH CHECK ({write})",
            f"CREATE POLICY ssdesk_delete ON {table} FOR DELETE USING ({write})"]


def statements(schema: str, tables: list[str]) -> list[str]:
    """The DDL that sets the rules up in ``schema`` holding ``tables`` (idempotent: re-running it replaces
    functions and policies)."""
    out = [f"""DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}')
               THEN CREATE ROLE {group} NOLOGIN; END IF; END $$""" for group in GROUPS.values()]
    out += [
        f"CREATE TABLE IF NOT EXISTS {USER_TABLE} (login name PRIMARY KEY, role varchar(16) NOT NULL"
        " CHECK (role IN ('administrator', 'secretary', 'leader', 'reader')), cleared boolean NOT NULL DEFAULT false,"
        " changed_at timestamp NOT NULL DEFAULT now(), changed_by name NOT NULL DEFAULT session_user)",
        f"CREATE TABLE IF NOT EXISTS {USER_DELEGATION_TABLE} (login name NOT NULL REFERENCES {USER_TABLE} (login)"
        " ON DELETE CASCADE ON UPDATE CASCADE, delegation_id varchar(36) NOT NULL REFERENCES delegation (id)"
        " ON DELETE CASCADE, PRIMARY KEY (login, delegation_id))",
    ]
    out += ["DROP FUNCTION IF EXISTS ssdesk_search_ids(tsquery, integer)"]  # an earlier signature
    # rules 2026-12-06.5's rows of the candidates, without what the filters read (ssdesk_search_rows replaces it)
    out += ["DROP FUNCTION IF EXISTS ssdesk_search_docs(tsquery, integer, text[], tsquery)"]
    # what rules 2026-12-06.3 (never released) added beside ssdesk_closed_visits, a policy helper that told any
    # login the secret sessions' ids (dropped at the end, once no policy reads it)
    out += ["DROP TRIGGER IF EXISTS ssdesk_search_gone ON visit", "DROP FUNCTION IF EXISTS ssdesk_visit_gone()"]
    rules = {"read_mine": may_read("v.classification", "cleared"),
             "read_open_plain": may_read("v.classification", "false"),  # an uncleared caller's unreadable
             "read_mine_plain": may_read("v.classification", "cleared"),
             "read_visible": may_read("v.classification", "c"),
             "read_hold": may_read("classification", "ssdesk_cleared()")}
    out += [f.format(schema=schema, walk=SEARCH_WALK, band_bits=SEARCH_BAND_BITS, band_index=band_index(),
                     band_widest=SEARCH_BAND_WIDEST,
                     band_walk=SEARCH_BAND_WALK, band_walk_kind=SEARCH_BAND_WALK_KIND,
                     keyed_plain=SEARCH_KEYED_PLAIN,
                     row_columns=", ".join(f"{a}_{c} {t}" for a, cols in SEARCH_ROW_LOOKUPS.items() for c, t in cols),
                     row_values=", ".join(f"{a}.{c}" for a, cols in SEARCH_ROW_LOOKUPS.items() for c, _t in cols),
                     **rules) for f in FUNCTIONS]
    groups = ", ".join(GROUPS.values())
    # what the policies read: visit's own columns in one small index (the policies' look-ups by id, and the
    # visible ids of a whole statement by an index-only scan)
    out += ["CREATE INDEX IF NOT EXISTS ix_visit_access ON visit (delegation_id, classification, id)",
            # the sessions an uncleared caller may not read, for ssdesk_search_ids's array of them: 2,000 of the
            # bench's 20,000 read from this index in 0.7 ms, instead of 3.7 ms through ix_visit_access (issue 18)
            f"CREATE INDEX IF NOT EXISTS ix_visit_secret ON visit (id) WHERE NOT {may_read('classification', 'false')}",
            "CREATE INDEX IF NOT EXISTS ix_search_doc_walk ON search_doc (id, visit_id, entity)",
            "CREATE INDEX IF NOT EXISTS ix_search_doc_kind ON search_doc (entity, id)"]
    # the delegation of each index row's session, beside it (ssdesk_search_doc_access), for the key index below
    out += ["ALTER TABLE search_doc ADD COLUMN IF NOT EXISTS access_delegation varchar(36)",
            "UPDATE search_doc d SET access_delegation = v.delegation_id FROM visit v WHERE v.id = d.visit_id"
            " AND d.access_delegation IS DISTINCT FROM v.delegation_id",
            "DROP TRIGGER IF EXISTS ssdesk_access ON search_doc",
            "CREATE TRIGGER ssdesk_access BEFORE INSERT OR UPDATE ON search_doc FOR EACH ROW EXECUTE FUNCTION"
            " ssdesk_search_doc_access()",
            "DROP TRIGGER IF EXISTS ssdesk_search_access ON visit",
            "CREATE TRIGGER ssdesk_search_access AFTER UPDATE OF delegation_id ON visit FOR EACH ROW"
            " WHEN (OLD.delegation_id IS DISTINCT FROM NEW.delegation_id) EXECUTE FUNCTION ssdesk_visit_moved()"]
    # the search's key index (ssdesk_search_ids): one GIN index holds a row's band beside its words (and their
    # prefixes, revision 0014) and its keys. The band is a one-element integer array (GIN's own array_ops), so that
    # a band step asks exact entries, one per band: rules before 2026-12-06.9 held it as an integer through
    # btree_gin, which answers "band >= lowest" as a partial match and read every band above into a bitmap again
    # at each step (the ids step's p95 over the bench's 200 queries: owner 51.8 -> 21.5 ms, reader 57.3 -> 25.0;
    # issue 18). No extension is needed any more. It replaces revision 0014's ix_search_doc_prefixes: it answers
    # every query that index did (a GIN index is asked any of its columns), and beside it the planner took the older
    # index for a band step and filtered the band row by row (30-50 ms a step).
    # What it holds of a row besides its band (ssdesk_search_key): its words and their prefixes (revision 0014), and
    # two lexemes no folded word can be, its entity (``%recommendation``) and its session's delegation
    # (``@<id>``; ``@`` without one). A search of one kind, or by a secretary, asks them beside the words, so the GIN
    # index itself leaves out the rows of other kinds and of other delegations: read from the table only to be
    # dropped, they were 85 % of a secretary's matches and cost 75-110 ms a query (issue 18). Only a narrowing:
    # the visibility is still tested on each row found. IMMUTABLE: it reads the row's own columns only. Made here,
    # not with the other functions: its body needs revision 0014's ssdesk_with_prefixes
    out += [f"""DO $do$ DECLARE other text; BEGIN
                IF to_regprocedure('ssdesk_with_prefixes(tsvector)') IS NOT NULL THEN
                  EXECUTE $f$ CREATE OR REPLACE FUNCTION ssdesk_search_key(v tsvector, entity varchar,
                    delegation varchar) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    AS $k$ SELECT ssdesk_with_prefixes(v)
                                  || array_to_tsvector(ARRAY['%' || entity, '@' || COALESCE(delegation, '')]) $k$ $f$;
                  CREATE INDEX IF NOT EXISTS {band_index()} ON search_doc USING GIN
                    ((ARRAY[CAST(id >> {SEARCH_BAND_BITS} AS integer)]),
                     ssdesk_search_key(tsv, entity, access_delegation));
                  DROP INDEX IF EXISTS ix_search_doc_prefixes;
                  FOR other IN SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
                      AND tablename = 'search_doc' AND (indexname LIKE 'ix\\_search\\_doc\\_band%'
                                                        OR indexname LIKE 'ix\\_search\\_doc\\_key%')
                      AND indexname <> '{band_index()}' LOOP
                    EXECUTE format('DROP INDEX %I', other);  -- another band size or key form: nothing asks it
                  END LOOP;
                END IF; END $do$"""]
    out += [f"GRANT USAGE ON SCHEMA {schema} TO {groups}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {groups}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {groups}",
            f"REVOKE ALL ON {USER_TABLE}, {USER_DELEGATION_TABLE} FROM {groups}",
            f"GRANT SELECT ON {USER_TABLE}, {USER_DELEGATION_TABLE} TO {groups}",
            f"GRANT INSERT, UPDATE, DELETE ON {USER_TABLE}, {USER_DELEGATION_TABLE} TO {GROUPS['administrator']}",
            f"GRANT INSERT ON audit_log TO {GROUPS['administrator']}, {GROUPS['secretary']}, {GROUPS['leader']}",
            f"GRANT INSERT ON {', '.join(LEADER_WRITES)} TO {GROUPS['leader']}",
            f"GRANT UPDATE, DELETE ON {', '.join(LEADER_WRITES)} TO {GROUPS['leader']}"]
    everything = [t for t in tables if t not in OWNER_ONLY]
    out.append(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(everything)} TO {GROUPS['secretary']}, "
               f"{GROUPS['administrator']}")
    # the user tables: each login reads its own row; the administrator all
    for table in (USER_TABLE, USER_DELEGATION_TABLE):
        out += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                f"DROP POLICY IF EXISTS ssdesk_own ON {table}",
                f"CREATE POLICY ssdesk_own ON {table} USING (login = session_user OR ssdesk_role() = 'administrator')"]
    out += ["ALTER TABLE visit ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS ssdesk_select ON visit", "DROP POLICY IF EXISTS ssdesk_insert ON visit",
            "DROP POLICY IF EXISTS ssdesk_update ON visit", "DROP POLICY IF EXISTS ssdesk_delete ON visit",
            f"CREATE POLICY ssdesk_select ON visit FOR SELECT USING ({SEE_VISIT})",
            "CREATE POLICY ssdesk_insert ON visit FOR INSERT WITH CHECK (ssdesk_may_hold(delegation_id,"
            " classification))",
            "CREATE POLICY ssdesk_update ON visit FOR UPDATE USING (id IN (SELECT ssdesk_editable_visits()))"
            " WITH CHECK (ssdesk_may_hold(delegation_id, classification))",
            "CREATE POLICY ssdesk_delete ON visit FOR DELETE USING (id IN (SELECT ssdesk_editable_visits()))"]
    for table, condition in VISIT_ROWS.items():
        if table not in tables:  # a table a later revision makes: that revision's upgrade re-installs the rules
            continue
        out += _policies(table, condition, WRITE_SET.get(table, "ssdesk_editable_visits"))
    # attachment contents: readable through a visible attachment; anyone who may write may add one
    out += ["ALTER TABLE attachment_blob ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS ssdesk_select ON attachment_blob",
            "DROP POLICY IF EXISTS ssdesk_write ON attachment_blob",
            "CREATE POLICY ssdesk_select ON attachment_blob FOR SELECT USING (id IN (SELECT a.blob_id FROM "
            "attachment a))",
            "CREATE POLICY ssdesk_write ON attachment_blob FOR INSERT WITH CHECK (true)"]
    # the audit log: who is the database's word; append-only; an uncleared user reads their own entries only
    out += ["DROP TRIGGER IF EXISTS ssdesk_audit_user ON audit_log",
            "CREATE TRIGGER ssdesk_audit_user BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION "
            "ssdesk_audit_user()",
            "ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS ssdesk_select ON audit_log", "DROP POLICY IF EXISTS ssdesk_insert ON audit_log",
            "CREATE POLICY ssdesk_select ON audit_log FOR SELECT USING (ssdesk_cleared() OR \"user\" = session_user"
            " OR ssdesk_row_visible(entity, entity_id))",
            "CREATE POLICY ssdesk_insert ON audit_log FOR INSERT WITH CHECK (true)"]
    out += ["DROP FUNCTION IF EXISTS ssdesk_closed_visits()"]  # rules 2026-12-06.3's, once no policy reads it
    return out


#: The version of the rules :func:`statements` sets up, kept in ``ssdesk_meta`` under :data:`RULES_KEY`. A change of
#: the rules alone (a function's body, a policy) moves it, and the next login that may set the rules up brings an
#: older database's rules up to it on opening (:mod:`ssdesk.server.opening`): no schema revision, which would make
#: every laptop's case file be backed up and migrated for a change that is not in it.
RULES_VERSION = "2026-12-06.11"
RULES_KEY = "access_rules"

#: tables no group but the owner changes
OWNER_ONLY = ("alembic_version", "audit_log", USER_TABLE, USER_DELEGATION_TABLE)
_TABLES_SQL = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"


def can_install(conn: Any) -> bool:
    """Whether the connected role may set the rules up: it owns the case file's tables, and the groups exist
    already or it may create roles."""
    row = conn.exec_driver_sql(
        "SELECT rolsuper OR rolcreaterole, (SELECT count(*) FROM pg_roles WHERE rolname IN "
        "('ssdesk_administrator', 'ssdesk_secretary', 'ssdesk_leader', 'ssdesk_reader')),"
        " COALESCE((SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables"
        "           WHERE schemaname = current_schema() AND tablename = 'visit'), true)"
        " FROM pg_roles WHERE rolname = current_user").one()
    return bool(row[2]) and (bool(row[0]) or int(row[1]) == len(GROUPS))


def installed(conn: Any) -> bool:
    """Whether this database has the rules (its user table exists)."""
    return bool(conn.exec_driver_sql("SELECT to_regclass('ssdesk_user') IS NOT NULL").scalar_one())


def install(conn: Any) -> None:
    """Set the rules up (or bring them up to date) in the connection's current schema, in its transaction, and
    stamp them with :data:`RULES_VERSION`."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    tables = [r[0] for r in conn.exec_driver_sql(_TABLES_SQL)]
    for statement in statements(schema, tables):
        conn.exec_driver_sql(statement.replace("%", "%%"))  # psycopg reads placeholders even without parameters
    conn.exec_driver_sql(f"INSERT INTO ssdesk_meta (key, value) VALUES ('{RULES_KEY}', '{RULES_VERSION}')"
                         " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")


def outdated(conn: Any) -> bool:
    """Whether this database has the rules, set up by an earlier ssdesk than :data:`RULES_VERSION` says."""
    if not installed(conn):
        return False
    stamp = conn.exec_driver_sql(f"SELECT value FROM ssdesk_meta WHERE key = '{RULES_KEY}'").scalar_one_or_none()
    return stamp != RULES_VERSION
