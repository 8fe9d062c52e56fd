// Facts the slicer needs about the nodes on screen: how many households a lighthouse
// household serves, and the mean rating residents gave a person, organisation or platform.
// Ids come per label ($lighthouses, $persons, $organizations, $platforms).
CALL () {
    UNWIND $lighthouses AS hid
    MATCH (l:Household {id: hid})
    RETURN 'Household' AS label, l.id AS id, COUNT { (l)-[:SERVES]->(:Household) } AS load,
           null AS rating, 0 AS ratings
  UNION
    UNWIND $persons AS pid
    MATCH (x:Person {id: pid})<-[:RATES]-(r:Rating)
    RETURN 'Person' AS label, x.id AS id, null AS load, avg(r.score) AS rating,
           count(r) AS ratings
  UNION
    UNWIND $organizations AS oid
    MATCH (x:Organization {id: oid})<-[:RATES]-(r:Rating)
    RETURN 'Organization' AS label, x.id AS id, null AS load, avg(r.score) AS rating,
           count(r) AS ratings
  UNION
    UNWIND $platforms AS fid
    MATCH (x:Platform {id: fid})<-[:RATES]-(r:Rating)
    RETURN 'Platform' AS label, x.id AS id, null AS load, avg(r.score) AS rating,
           count(r) AS ratings
}
RETURN label, id, load, rating, ratings
