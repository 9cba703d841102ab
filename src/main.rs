//! The web page's entry point: mount only.

fn main() {
    session_lens::ui::mount();
}
