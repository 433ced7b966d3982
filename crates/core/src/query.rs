//! Customer list search, filters and sorting (being written).
