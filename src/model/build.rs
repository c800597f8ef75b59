//! Rows → items: which rows are items, continuation rows, parsing each field.
//! OWNER: io helper.
