//! The page's own-thread reader (built by Trunk as a module of its own, loaded by the
//! page only when it reads on its own thread): start only.

fn main() {
    session_lens::ui::install_page_reader();
}
