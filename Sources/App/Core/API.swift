/// The JSON API under `/api/v1`, one controller per resource.
enum API {}
