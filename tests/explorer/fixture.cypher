// Test fixture loader: generic MERGE of nodes and relationships with dynamic labels/types.
UNWIND $nodes AS n
MERGE (x:$(n.label) {id: n.id})
SET x += n.props;

UNWIND $rels AS r
MATCH (a:$(r.from_label) {id: r.from})
MATCH (b:$(r.to_label) {id: r.to})
MERGE (a)-[:$(r.type)]->(b);
