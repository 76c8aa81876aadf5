update fetch_state
set parsed_sha256 = $sha256, parsed_at = $parsed_at
where source = $source
