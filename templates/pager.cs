<?cs if:Pager.First || Pager.Older ?>
<nav class="pager" aria-label="Pages">
<?cs if:Pager.First ?>  <a href="<?cs var:Pager.First ?>">Newest</a>
<?cs /if ?><?cs if:Pager.Older ?>  <a href="<?cs var:Pager.Older ?>" rel="next">Older</a>
<?cs /if ?></nav>
<?cs /if ?>
