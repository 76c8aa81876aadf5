-- Close the attached snapshot file.
detach {{snapshot}}
