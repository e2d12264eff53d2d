"""fieldnotes: the Streamlit router. Pages live in fieldnotes.ui; this file only wires navigation."""

import streamlit as st

from fieldnotes.ui import shell

st.set_page_config(page_title="fieldnotes", page_icon="📝", layout="wide")
context = shell.sidebar()
st.navigation(shell.pages(context)).run()
