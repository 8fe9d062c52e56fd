// gridnet knowledge model: constraints and indexes.
// Every statement is idempotent (IF NOT EXISTS); `gridnet schema apply` runs them all.
// Uniqueness of each entity's id also creates the range index that every
// loader MERGE and every lookup by id uses.

CREATE CONSTRAINT area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT grid_id IF NOT EXISTS FOR (n:Grid) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT building_id IF NOT EXISTS FOR (n:Building) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT household_id IF NOT EXISTS FOR (n:Household) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT platform_id IF NOT EXISTS FOR (n:Platform) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_category_id IF NOT EXISTS FOR (n:ServiceCategory) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_request_id IF NOT EXISTS FOR (n:ServiceRequest) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT funding_id IF NOT EXISTS FOR (n:Funding) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (n:Activity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT rating_id IF NOT EXISTS FOR (n:Rating) REQUIRE n.id IS UNIQUE;
// The rectification workflow (gridnet.workflow): snapshots, findings, cases, audit events.
CREATE CONSTRAINT gap_snapshot_id IF NOT EXISTS FOR (n:GapSnapshot) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT gap_finding_id IF NOT EXISTS FOR (n:GapFinding) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT gap_case_id IF NOT EXISTS FOR (n:GapCase) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT case_event_id IF NOT EXISTS FOR (n:CaseEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT case_import_id IF NOT EXISTS FOR (n:CaseImport) REQUIRE n.id IS UNIQUE;
// The gap report's rollups (gridnet.queries.rollup): one per grid, keyed by its grid_id
// (not `id`: a rollup must never answer a lookup of the grid itself by id), and their
// one state node.
CREATE CONSTRAINT gap_rollup_grid_id IF NOT EXISTS FOR (n:GapRollup) REQUIRE n.grid_id IS UNIQUE;
CREATE CONSTRAINT gap_rollup_state_id IF NOT EXISTS FOR (n:GapRollupState) REQUIRE n.id IS UNIQUE;

// Lookups the queries and the explorer make.
CREATE INDEX area_level IF NOT EXISTS FOR (n:Area) ON (n.level);
CREATE INDEX area_name IF NOT EXISTS FOR (n:Area) ON (n.name);
CREATE INDEX grid_name IF NOT EXISTS FOR (n:Grid) ON (n.name);
CREATE INDEX household_lighthouse IF NOT EXISTS FOR (n:Household) ON (n.lighthouse);
CREATE INDEX person_party_member IF NOT EXISTS FOR (n:Person) ON (n.party_member);
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
CREATE INDEX organization_type IF NOT EXISTS FOR (n:Organization) ON (n.type);
CREATE INDEX platform_tier IF NOT EXISTS FOR (n:Platform) ON (n.tier);
CREATE INDEX request_status IF NOT EXISTS FOR (n:ServiceRequest) ON (n.status);
CREATE INDEX request_deadline IF NOT EXISTS FOR (n:ServiceRequest) ON (n.deadline);
CREATE INDEX funding_year IF NOT EXISTS FOR (n:Funding) ON (n.year);
CREATE INDEX activity_date IF NOT EXISTS FOR (n:Activity) ON (n.date);
CREATE INDEX gap_snapshot_as_of IF NOT EXISTS FOR (n:GapSnapshot) ON (n.as_of);
CREATE INDEX gap_case_state IF NOT EXISTS FOR (n:GapCase) ON (n.state);
CREATE INDEX case_event_case IF NOT EXISTS FOR (n:CaseEvent) ON (n.case_id);

// Exact searches by a personal value go through its keyed token (gridnet.privacy):
// the clear value is never in the graph, the token of a typed value finds the node.
CREATE INDEX household_name_token IF NOT EXISTS FOR (n:Household) ON (n.name_token);
CREATE INDEX household_phone_token IF NOT EXISTS FOR (n:Household) ON (n.phone_token);
CREATE INDEX person_name_token IF NOT EXISTS FOR (n:Person) ON (n.name_token);
CREATE INDEX person_phone_token IF NOT EXISTS FOR (n:Person) ON (n.phone_token);
CREATE INDEX person_id_number_token IF NOT EXISTS FOR (n:Person) ON (n.id_number_token);

// Name search in the explorer (Chinese and English): full-text over the names of
// places and organisations. Residents are not in it: their names are display forms
// (王**), and a search by a resident's name or phone goes through the vault and
// the tokens, for roles allowed to see personal data (gridnet/reveal.py).
// Eventually consistent: Lucene is updated after commit, not inside it; the loader
// waits for the index to catch up (db.index.fulltext.awaitEventuallyConsistentIndexRefresh).
DROP INDEX entity_names IF EXISTS;
CREATE FULLTEXT INDEX place_names IF NOT EXISTS
FOR (n:Area|Grid|Building|Organization|Platform)
ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
