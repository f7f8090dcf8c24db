//! comply's integration tests: one test binary that runs the real `comply` executable.
mod bad_input;
mod cli;
mod common;
mod corpus;
mod docs;
mod policies;
