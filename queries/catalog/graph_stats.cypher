// name: graph_stats
// purpose: How many nodes carry each label of the knowledge model (from the count store, instant at any size).
// audience: analyst, reviewer
// returns: label, nodes
CALL () {
  RETURN 'Area' AS label, COUNT { (n:Area) } AS nodes
  UNION ALL
  RETURN 'Grid' AS label, COUNT { (n:Grid) } AS nodes
  UNION ALL
  RETURN 'Building' AS label, COUNT { (n:Building) } AS nodes
  UNION ALL
  RETURN 'Household' AS label, COUNT { (n:Household) } AS nodes
  UNION ALL
  RETURN 'Person' AS label, COUNT { (n:Person) } AS nodes
  UNION ALL
  RETURN 'Role' AS label, COUNT { (n:Role) } AS nodes
  UNION ALL
  RETURN 'Organization' AS label, COUNT { (n:Organization) } AS nodes
  UNION ALL
  RETURN 'Platform' AS label, COUNT { (n:Platform) } AS nodes
  UNION ALL
  RETURN 'ServiceCategory' AS label, COUNT { (n:ServiceCategory) } AS nodes
  UNION ALL
  RETURN 'ServiceRequest' AS label, COUNT { (n:ServiceRequest) } AS nodes
  UNION ALL
  RETURN 'Funding' AS label, COUNT { (n:Funding) } AS nodes
  UNION ALL
  RETURN 'Activity' AS label, COUNT { (n:Activity) } AS nodes
  UNION ALL
  RETURN 'Rating' AS label, COUNT { (n:Rating) } AS nodes
}
RETURN label, nodes
