//! Why an input could not be used. Each message is one sentence that names the file
//! (and sheet) and says what to do. All of them mean exit code 2.

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: {message}")]
    Other { file: String, message: String },
}
