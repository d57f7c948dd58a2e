data = b"bytes"
