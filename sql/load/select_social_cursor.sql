select format, newest from social_cursors where source = $source
