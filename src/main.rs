fn main() {
    letterbox::mount();
}
