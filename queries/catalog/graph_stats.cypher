// name: graph_stats
// purpose: How many nodes carry each label of the knowledge model (from the count store, instant at any size).
// audience: analyst, reviewer
// returns: label, nodes
CALL () {
  MATCH (n:Area) RETURN 'Area' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Grid) RETURN 'Grid' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Building) RETURN 'Building' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Household) RETURN 'Household' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Person) RETURN 'Person' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Role) RETURN 'Role' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Organization) RETURN 'Organization' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Platform) RETURN 'Platform' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:ServiceCategory) RETURN 'ServiceCategory' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:ServiceRequest) RETURN 'ServiceRequest' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Funding) RETURN 'Funding' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Activity) RETURN 'Activity' AS label, count(n) AS nodes
  UNION ALL
  MATCH (n:Rating) RETURN 'Rating' AS label, count(n) AS nodes
}
RETURN label, nodes
