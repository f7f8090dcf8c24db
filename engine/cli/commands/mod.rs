//! One module per subcommand.
pub(crate) mod explain;
pub(crate) mod policies;
pub(crate) mod scan;
pub(crate) mod test;
