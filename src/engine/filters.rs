//! Filters (in progress).
