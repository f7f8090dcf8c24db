//! One module per subcommand.
pub(crate) mod explain;
pub(crate) mod frameworks;
pub(crate) mod policies;
pub(crate) mod scan;
pub(crate) mod template;
pub(crate) mod test;
pub(crate) mod webhook;
