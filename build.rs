//! Rebuild the binary when a built-in policy or framework changes: they are embedded with `include_dir!`,
//! which cargo cannot track on its own.
fn main() {
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=frameworks");
}
