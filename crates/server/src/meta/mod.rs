//! Portal-wide information: health, readiness, service info and regions.

pub mod db;
pub mod routes;
