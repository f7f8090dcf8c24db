//! comply's integration tests: one test binary that runs the real `comply` executable.
mod action;
mod bad_input;
mod cli;
mod common;
mod corpus;
mod deploy;
mod docs;
mod frameworks;
mod helm;
mod pipelines;
mod policies;
mod terraform;
mod webhook;
