// gridnet stats: the article's reference figures. The per-label and per-type
// counts are composed from graph/model.py's vocabulary in graph/stats.py.

// name: reference
// The three figures the article gives for Xiaogan's urban area.
RETURN COUNT { MATCH (o:Organization {kind: $grid_branch_kind}) } AS grid_party_branches,
       COUNT { MATCH (o:Organization {kind: $building_group_kind}) } AS building_party_groups,
       COUNT { MATCH (h:Household {lighthouse: true}) } AS lighthouse_households;
