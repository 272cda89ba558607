//! The app's entry point: Trunk builds this binary to wasm.

fn main() {
    letterbox::mount();
}
