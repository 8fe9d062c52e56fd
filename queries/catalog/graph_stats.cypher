// name: graph_stats
// purpose: How many nodes carry each label, to check a load at a glance.
// audience: analyst, reviewer
// returns: label, nodes
CALL db.labels() YIELD label
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS nodes
}
RETURN label, nodes
ORDER BY label
