//! Full backup and restore of the database (being written).
