"""What a page is: its anatomy, the page and notebook model, and running its blocks."""
