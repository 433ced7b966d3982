//! CSV import and export of customers and purchases (being written).
