// name: search_by_name
// purpose: Find areas, grids, buildings, organisations and platforms by name (full-text index place_names; Lucene syntax allowed). Residents are found by id, or by personal value in the vault (gridnet privacy search).
// audience: planner, analyst, reviewer
// param: text str  -- words or characters to look for, e.g. 槐荫
// param: limit int = 20  -- at most this many hits
// returns: label, id, name, score
CALL db.index.fulltext.queryNodes('place_names', $text) YIELD node, score
RETURN labels(node)[0] AS label, node.id AS id, node.name AS name, score
ORDER BY score DESC, id
LIMIT $limit
