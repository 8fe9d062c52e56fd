// name: reference_figures
// purpose: The article's reference figures for Xiaogan's urban area (178 grid party branches, 425 building party groups, 5,329 lighthouse households) next to the graph's counts.
// audience: planner, analyst, reviewer
// returns: figure, count, reference
CALL () {
  RETURN 'grid_party_branches' AS figure,
         COUNT { (o:Organization) WHERE o.kind = 'grid_party_branch' } AS count, 178 AS reference
  UNION ALL
  RETURN 'building_party_groups' AS figure,
         COUNT { (o:Organization) WHERE o.kind = 'building_party_group' } AS count,
         425 AS reference
  UNION ALL
  RETURN 'lighthouse_households' AS figure,
         COUNT { (h:Household) WHERE h.lighthouse = true } AS count, 5329 AS reference
}
RETURN figure, count, reference
