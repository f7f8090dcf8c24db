//! Integration tests of comply-policy: loading and METADATA validation, evaluation on both
//! paths, RVM/interpreter equivalence, and the `comply test` runner.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod equivalence;
mod evaluate;
mod load;
mod rego_tests;
