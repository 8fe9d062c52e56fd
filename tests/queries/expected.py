"""Known answers of fixtures/small_city.cypher at AS_OF = 2024-06-01, max_served 10."""

EXPECTED: dict[str, set] = {
    "grid_without_branch": {"G2", "G3", "G5", "G6"},
    "building_without_group": {"B2", "B3"},
    "grid_without_lighthouse": {"G2", "G3", "G5", "G6"},
    "household_unserved": {"H5", "H8", "H22"},
    "lighthouse_overloaded": {"H9"},
    "request_overdue": {"R1", "R4", "R6"},
    "category_unmet": {("G1", "legal_aid"), ("G3", "legal_aid")},
    "category_out_of_reach": set(),  # the small city has no coordinates: reach unknown
    "funds_without_roots": {"G3", "G5"},
    "grid_single_point": {"G2"},
    "community_missing_org_types": {
        ("C2", ("mass", "mutual_aid", "social")),
        ("V1", ("autonomous", "mass", "mutual_aid", "social")),
    },
}

# grid -> (gap codes, score, severity)
REPORT = {
    "G1": (
        {"building_without_group", "household_unserved", "request_overdue", "category_unmet"},
        5,
        "medium",
    ),
    "G2": ({"grid_without_branch", "grid_without_lighthouse", "grid_single_point"}, 12, "high"),
    "G3": (
        {
            "grid_without_branch",
            "grid_without_lighthouse",
            "funds_without_roots",
            "category_unmet",
            "request_overdue",
            "household_unserved",
            "community_missing_org_types",
        },
        20,
        "high",
    ),
    "G4": (
        {
            "building_without_group",
            "lighthouse_overloaded",
            "request_overdue",
            "household_unserved",
            "community_missing_org_types",
        },
        8,
        "high",
    ),
    "G5": ({"grid_without_branch", "grid_without_lighthouse", "funds_without_roots"}, 13, "high"),
    "G6": (
        {"grid_without_branch", "grid_without_lighthouse", "community_missing_org_types"},
        12,
        "high",
    ),
    "G7": (set(), 0, "none"),
}
